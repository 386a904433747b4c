"""Sessions read from the cache and written through to the database (Django's `cached_db`
engine): every page reads its session, and a cache read spares it a query.

As everywhere in the portal, the cache only spares work: when it cannot be reached, the
session is read from, looked up in and removed from the database alone, and logging in,
pages and logging out work as usual (Django's engine already saves that way)."""

import logging

from django.contrib.sessions.backends import cached_db, db

logger = logging.getLogger(__name__)


class SessionStore(cached_db.SessionStore):
    def load(self):
        try:
            return super().load()
        except Exception:
            logger.warning("Cache unreachable: session read from the database.", exc_info=True)
            return db.SessionStore.load(self)

    def exists(self, session_key):
        try:
            return super().exists(session_key)
        except Exception:
            logger.warning("Cache unreachable: session looked up in the database.", exc_info=True)
            return db.SessionStore.exists(self, session_key)

    def delete(self, session_key=None):
        try:
            super().delete(session_key)
        except Exception:
            # Removed from the database first: the session is gone for good.
            logger.error(
                "Cache unreachable: session removed from the database only.", exc_info=True
            )
            db.SessionStore.delete(self, session_key)
