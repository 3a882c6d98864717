"""A mail sink: accepts every message on SMTP port 1025 and lists them, Mailpit-style, on HTTP port 8025."""
import email
import email.policy
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiosmtpd.controller import Controller

MESSAGES = []
LOCK = threading.Lock()


class Sink:
    async def handle_DATA(self, server, session, envelope):
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with LOCK:
            MESSAGES.append({
                "ID": str(len(MESSAGES) + 1),
                "From": {"Address": envelope.mail_from},
                "To": [{"Address": rcpt} for rcpt in envelope.rcpt_tos],
                "Subject": str(parsed.get("Subject", "")),
                "Snippet": parsed.get_body(preferencelist=("plain",)).get_content()[:500]
                if parsed.get_body(preferencelist=("plain",)) else "",
            })
        return "250 OK"


class Api(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path.startswith("/api/v1/messages"):
            with LOCK:
                body = json.dumps({"total": len(MESSAGES), "messages": list(reversed(MESSAGES))}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        else:
            self.send_error(404)

    def log_message(self, fmt, *args):
        pass


if __name__ == "__main__":
    controller = Controller(Sink(), hostname="0.0.0.0", port=1025)
    controller.start()
    ThreadingHTTPServer(("0.0.0.0", 8025), Api).serve_forever()
