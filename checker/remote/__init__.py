"""``check --remote``: the outside images and links of the checked notes, fetched over HTTP(S).

Nothing here runs unless ``--remote`` (or ``--remote-offline``) is given:

- :mod:`checker.remote.settings` — the ``[remote]`` config table (no imports beyond the stdlib);
- :mod:`checker.remote.results` — what a check found for one URL, as the rules read it;
- :mod:`checker.remote.targets` — the http(s) URLs of a note, and which hosts may be asked;
- :mod:`checker.remote.store` — the result cache, one HMAC-tagged file of ``checker.cachestore``;
- :mod:`checker.remote.client` — the asynchronous HTTP client (httpx, the ``remote`` extra);
- :mod:`checker.remote.run` — the run: targets, cache, client, progress and the per-host summary.
"""
