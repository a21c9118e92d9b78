/**
 * What each hall last said about itself on s/state (retained birth / last will): online, boot, stream
 * head at birth and the configuration version it runs (fleet).
 */
export const sql = `
  CREATE TABLE hall_state (
    hall       text PRIMARY KEY,
    online     boolean NOT NULL,
    boot       integer NOT NULL,
    ts         bigint NOT NULL,
    head       bigint,
    config     jsonb,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
`;
