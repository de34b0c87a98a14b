-- Up Migration

-- Research documents: the app keeps what it needs to list them and to hand them over; the
-- Librarian keeps and indexes their text. The bytes stay here only until the Librarian has them.
CREATE TABLE app_data.research_documents (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
  content_type text NOT NULL
    CHECK (content_type IN ('application/pdf', 'text/markdown', 'text/plain')),
  size_bytes int NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL,
  state text NOT NULL DEFAULT 'queued'
    CHECK (state IN ('queued', 'ingesting', 'drafting', 'ready', 'failed')),
  message text NOT NULL DEFAULT 'Waiting for a worker' CHECK (length(message) <= 500),
  librarian_id text,
  title text,
  pages int,
  content bytea,
  created_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX research_documents_user_idx ON app_data.research_documents (user_id, created_at DESC);
-- The same file twice is the same document.
CREATE UNIQUE INDEX research_documents_file_idx ON app_data.research_documents (user_id, sha256);

-- What the Librarian drafted from a document, kept for the user to review, save or set aside.
CREATE TABLE app_data.strategy_drafts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES app_data.users (id) ON DELETE CASCADE,
  document_id uuid NOT NULL REFERENCES app_data.research_documents (id) ON DELETE CASCADE,
  position int NOT NULL,
  title text NOT NULL,
  rationale text NOT NULL,
  passage jsonb NOT NULL,
  draft jsonb NOT NULL,
  issues int NOT NULL,
  strategy_id uuid REFERENCES app_data.strategies (id) ON DELETE SET NULL,
  dismissed boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (document_id, position)
);
CREATE INDEX strategy_drafts_user_idx ON app_data.strategy_drafts (user_id);

-- Down Migration
DROP TABLE app_data.strategy_drafts;
DROP TABLE app_data.research_documents;
