-- Email intake stored the text 'null' as the error of a quarantined message that had no underlying cause, so the
-- submissions list said "error": "null". There was never an error text 'null'; make those rows a real NULL.
UPDATE submission SET error = NULL WHERE error = 'null';
