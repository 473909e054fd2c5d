"""Operations: structured logs (logformat.py), an access line and latency figures per request (middleware.py), task
timings (signals.py) and the Prometheus endpoint `/metrics` (views.py) that sums them across processes.

Request figures are kept by `prometheus_client` in multiprocess mode: every web process writes its counters to its
own memory-mapped file under JIXIAO_DATA/metrics and `/metrics` adds all files up, so that gunicorn's workers answer
with the figures of the whole server, not each its own. Task timings and the queue are read from the database,
which every worker on every machine shares.
"""
