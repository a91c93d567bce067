/** Timestamps in the store: ISO 8601, UTC. */
export const now = (): string => new Date().toISOString();
