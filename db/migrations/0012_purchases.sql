-- Purchases as records (the table source of the purchase directory) and one open dispute per
-- purchase. Filled in by the commits that follow.
SELECT 1;
