-- Refused input (answered 4xx, kept as 'rejected') stored per day, so a daily quota holds across every gateway
-- instance. One row per day in the intake time zone; refused input past the quota is only counted (/metrics).
CREATE TABLE refused_input_day (
    day          date   PRIMARY KEY,
    stored_bytes bigint NOT NULL,
    submissions  bigint NOT NULL
);
