"""HQ's console: the web interface for the station's command centre (``/console``).

Server-rendered pages (FastAPI and Jinja2 templates shipped in this package,
a little htmx served from ``static/``), in Chinese by default and English,
over the same store the posts sync with: the sync API stays the posts' API,
the console is another client of the database.  ``hq.console.web.mount``
adds it to HQ's app.

Modules: ``access`` (roles and the one table of who may do what), ``accounts``
(users, argon2 passwords, lock-out), ``sessions`` (server-side sessions,
CSRF tokens), ``audit`` (every change made here), ``i18n``, ``portview`` (a
read-only desk over HQ's database, for the desk's statistics and reports),
``rollup`` (per port and day figures, kept up to date off the request path),
``overview``, ``station_report``, ``forecast_import``, ``charts``, ``pages``
(one view feeds a page and its JSON) and ``web`` (the routes).
"""
