/**
 * The city's copy of every hall's committed stream: one row per envelope, UNIQUE (hall, dev, seq) so a
 * repeat is a no-op, `day` = the hall's business day the envelope belongs to (from the stream's
 * `day.opened`), and each hall's cursor (highest seq committed in order) with its current day.
 */
export const sql = `
  CREATE TABLE halls (
    hall       text PRIMARY KEY,
    dev        text NOT NULL,
    cursor     bigint NOT NULL DEFAULT 0 CHECK (cursor >= 0),
    day        text NOT NULL DEFAULT '',
    boot       integer NOT NULL DEFAULT 0,
    last_ts    bigint,
    updated_at timestamptz NOT NULL DEFAULT now()
  );
  CREATE TABLE events (
    hall        text NOT NULL,
    dev         text NOT NULL,
    seq         bigint NOT NULL CHECK (seq >= 1),
    eid         uuid NOT NULL,
    boot        integer NOT NULL,
    type        text NOT NULL,
    ts          bigint NOT NULL,
    day         text NOT NULL,
    body        jsonb NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT events_hallDevSeq PRIMARY KEY (hall, dev, seq)
  );
  CREATE INDEX events_byHallDay ON events (hall, day, seq);
`;
