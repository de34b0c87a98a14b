import { accountExportJob } from "../Account/AccountExport.js"
import { eventsMaintenanceJob } from "../Events/EventsMaintenance.js"
import { housekeepingJob } from "../Housekeeping/Housekeeping.js"
import { documentJob } from "../Research/Documents.js"
import { rewrapJob } from "../Secrets/Rewrap.js"
import { signalWebhookJob } from "../Signals/SignalWebhookJob.js"
import { backtestJob } from "../Strategies/Backtests.js"
import { searchChunkJob } from "../Strategies/Searches.js"

/** Every kind of background job: the migration step creates their queues. */
export const JOB_DEFINITIONS = [
  housekeepingJob,
  eventsMaintenanceJob,
  accountExportJob,
  backtestJob,
  documentJob,
  searchChunkJob,
  signalWebhookJob,
  rewrapJob
] as const
