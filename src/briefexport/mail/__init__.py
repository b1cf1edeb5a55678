"""Mailing an issue: one message per recipient with the editions attached (briefexport mail).

recipients.py  who: addresses from --to or a CSV file, checked
body.py        what the email says (a Letter), once for both parts
html.py        the Letter as email-safe HTML;  text.py  as plain text
compose.py     the MIME message, reproducible to the byte
smtp.py        sending with verified TLS, retries and a rate
sendlog.py     who has it already;  outbox.py  the issue's mail folder
"""

from __future__ import annotations

from .compose import Composer, compose_email
from .recipients import Recipient
from .smtp import SendResult, SmtpServer, send

__all__ = ["Composer", "Recipient", "SendResult", "SmtpServer", "compose_email", "send"]
