-- What the alert sweep and the digest compare a snapshot with, recorded when it is written (the
-- snapshot job reads them anyway): its previous snapshot's band and day, and the day of the newest
-- metric sample it was scored from. Without them each morning looked them up again per account
-- (two index probes each, a million accounts). NULL on snapshots written before: readers then
-- look them up as before.
ALTER TABLE "health_snapshots"
  ADD COLUMN "previous_band" TEXT,
  ADD COLUMN "previous_date" DATE,
  ADD COLUMN "measured_on" DATE;
