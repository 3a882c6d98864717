-- An SMS found still 'sending' by a later attempt (its instance was killed between asking the provider and
-- recording the answer) is marked 'in_doubt' and not sent again by itself; an operator's retry of its outbox item
-- sends it then. It counts towards the number's daily cap, as it may have gone out.
ALTER TABLE sms_send DROP CONSTRAINT sms_send_status_check;
ALTER TABLE sms_send ADD CONSTRAINT sms_send_status_check CHECK (status IN ('sending', 'sent', 'failed', 'in_doubt'));
