#!/usr/bin/env python3
"""Writes Elasticsearch-shaped JSON (one node) into DIR: /, /_cluster/health, /_nodes/_local/stats."""
import json, os, random, sys

root = sys.argv[1]
random.seed(7)
os.makedirs(f"{root}/_cluster", exist_ok=True)
os.makedirs(f"{root}/_nodes/_local", exist_ok=True)

def r(n=10**6):
    return random.randint(0, n)

info = {"name": "es-0", "cluster_name": "bench", "cluster_uuid": "c0ffee",
        "version": {"number": "7.17.9", "build_flavor": "default", "lucene_version": "8.11.1"}, "tagline": "You Know, for Search"}
health = {"cluster_name": "bench", "status": "yellow", "timed_out": False, "number_of_nodes": 1, "number_of_data_nodes": 1,
          "active_primary_shards": 42, "active_shards": 42, "relocating_shards": 0, "initializing_shards": 0,
          "unassigned_shards": 40, "delayed_unassigned_shards": 0, "number_of_pending_tasks": 0,
          "number_of_in_flight_fetch": 0, "task_max_waiting_in_queue_millis": 0, "active_shards_percent_as_number": 51.2}
pools = ["analyze", "fetch_shard_started", "fetch_shard_store", "flush", "force_merge", "generic", "get", "listener",
         "management", "refresh", "search", "search_throttled", "snapshot", "warmer", "write"]
node = {
    "timestamp": 1700000000000, "name": "es-0", "transport_address": "127.0.0.1:9300", "host": "127.0.0.1", "ip": "127.0.0.1:9300",
    "roles": ["data", "ingest", "master"],
    "indices": {
        "docs": {"count": r(), "deleted": r()}, "store": {"size_in_bytes": r(10**10)},
        "indexing": {"index_total": r(), "index_time_in_millis": r(), "index_current": 0, "delete_total": r(), "delete_time_in_millis": r()},
        "get": {"total": r(), "time_in_millis": r(), "exists_total": r(), "missing_total": r()},
        "search": {"open_contexts": 0, "query_total": r(), "query_time_in_millis": r(), "fetch_total": r(), "fetch_time_in_millis": r(),
                   "scroll_total": r(), "scroll_time_in_millis": r(), "suggest_total": r(), "suggest_time_in_millis": r()},
        "merges": {"current": 0, "total": r(), "total_time_in_millis": r(), "total_docs": r(), "total_size_in_bytes": r()},
        "refresh": {"total": r(), "total_time_in_millis": r(), "external_total": r(), "external_total_time_in_millis": r()},
        "flush": {"total": r(), "total_time_in_millis": r()},
        "fielddata": {"memory_size_in_bytes": r(), "evictions": 0},
        "query_cache": {"memory_size_in_bytes": r(), "total_count": r(), "hit_count": r(), "miss_count": r(), "cache_count": r(), "evictions": 0},
        "request_cache": {"memory_size_in_bytes": r(), "evictions": 0, "hit_count": r(), "miss_count": r()},
        "segments": {"count": r(1000), "memory_in_bytes": r(), "terms_memory_in_bytes": r(), "stored_fields_memory_in_bytes": r(),
                     "doc_values_memory_in_bytes": r(), "index_writer_memory_in_bytes": r(), "version_map_memory_in_bytes": r(),
                     "fixed_bit_set_memory_in_bytes": r(), "norms_memory_in_bytes": r(), "points_memory_in_bytes": r(),
                     "term_vectors_memory_in_bytes": r()},
        "translog": {"operations": r(), "size_in_bytes": r()},
    },
    "os": {"cpu": {"percent": 12, "load_average": {"1m": 0.5, "5m": 0.4, "15m": 0.3}},
           "mem": {"total_in_bytes": 8 << 30, "free_in_bytes": 2 << 30, "used_in_bytes": 6 << 30},
           "swap": {"total_in_bytes": 0, "free_in_bytes": 0, "used_in_bytes": 0}},
    "process": {"open_file_descriptors": 512, "max_file_descriptors": 65536,
                "cpu": {"percent": 3, "total_in_millis": r()}, "mem": {"total_virtual_in_bytes": r(10**10)}},
    "jvm": {"uptime_in_millis": r(), "mem": {"heap_used_in_bytes": r(10**9), "heap_used_percent": 40, "heap_committed_in_bytes": 1 << 30,
                                            "heap_max_in_bytes": 1 << 30, "non_heap_used_in_bytes": r(10**8), "non_heap_committed_in_bytes": r(10**8),
                                            "pools": {p: {"used_in_bytes": r(), "max_in_bytes": r(), "peak_used_in_bytes": r(), "peak_max_in_bytes": r()}
                                                      for p in ["young", "survivor", "old"]}},
            "threads": {"count": 80, "peak_count": 90},
            "gc": {"collectors": {"young": {"collection_count": r(), "collection_time_in_millis": r()},
                                  "old": {"collection_count": r(), "collection_time_in_millis": r()}}},
            "buffer_pools": {"direct": {"count": 10, "used_in_bytes": r(), "total_capacity_in_bytes": r()},
                             "mapped": {"count": 5, "used_in_bytes": r(), "total_capacity_in_bytes": r()}}},
    "thread_pool": {p: {"threads": r(16), "queue": r(10), "active": r(8), "rejected": r(5), "largest": r(16), "completed": r()} for p in pools},
    "fs": {"total": {"total_in_bytes": 100 << 30, "free_in_bytes": 50 << 30, "available_in_bytes": 45 << 30},
           "data": [{"path": "/data", "mount": "/data (/dev/sda1)", "type": "ext4", "total_in_bytes": 100 << 30,
                     "free_in_bytes": 50 << 30, "available_in_bytes": 45 << 30}],
           "io_stats": {"total": {"operations": r(), "read_operations": r(), "write_operations": r(), "read_kilobytes": r(), "write_kilobytes": r()}}},
    "transport": {"server_open": 13, "rx_count": r(), "rx_size_in_bytes": r(), "tx_count": r(), "tx_size_in_bytes": r()},
    "http": {"current_open": 3, "total_opened": r()},
    "breakers": {b: {"limit_size_in_bytes": r(10**9), "estimated_size_in_bytes": r(), "overhead": 1.0, "tripped": 0}
                 for b in ["request", "fielddata", "in_flight_requests", "accounting", "parent"]},
}
stats = {"_nodes": {"total": 1, "successful": 1, "failed": 0}, "cluster_name": "bench", "nodes": {"nodeid0": node}}
json.dump(info, open(f"{root}/index.json", "w"))
json.dump(health, open(f"{root}/_cluster/health", "w"))
json.dump(stats, open(f"{root}/_nodes/_local/stats", "w"))
json.dump(stats, open(f"{root}/_nodes/stats", "w"))
