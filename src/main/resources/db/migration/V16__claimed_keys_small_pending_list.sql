-- Every intake looks up the open cases of no person that typed one of its contacts (DuplicateMatcher, once a
-- shared transaction), through this GIN index. Like the LSH bands' index (V8), it kept new entries in a pending
-- list of up to 4 MB that every look-up reads from end to end: the look-up grew from 0.4 ms to 6 ms within
-- fifteen seconds of intake, and was the second largest database cost of an intake in the benchmark. A small
-- list keeps it well under a millisecond; the intake that fills it merges it into the index, 128 kB at a time.
ALTER INDEX dedup_case_claimed_keys_idx SET (gin_pending_list_limit = 128);
