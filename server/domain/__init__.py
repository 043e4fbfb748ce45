"""The domain core: sessions, worksheets, answers, reports, accounts.

Nothing here imports Flask, Socket.IO or a request object. Functions take a
SQLAlchemy session as their first argument and raise DomainError with a stable
code that the edges (views, API, socket events, CLI) translate.
"""
