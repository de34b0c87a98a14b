/** A grid the engine tests hand-compute: 100 at market, safety orders of 50 at −1 % and −3 %. */
export const GRID = {
  direction: "long" as const,
  baseOrder: "100",
  safetyOrder: "50",
  maxSafetyOrders: 2,
  deviationPercent: "1",
  stepScale: "2",
  volumeScale: "2",
  takeProfitPercent: "1"
}
