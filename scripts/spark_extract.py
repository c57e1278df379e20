#!/usr/bin/env python3
"""Run `article-review extract --jsonl` over a JSON-lines archive with PySpark.

    spark_extract.py INPUT OUTPUT [--master local[2]] [--binary PATH] [--partitions N]

INPUT is a JSON-lines file ({"id": ..., "text": ...} or {"id": ..., "path": ...} per line) that
Spark can read (a local path, hdfs://, s3a://, ...). OUTPUT is a Spark output folder: its
part-NNNNN files, read in name order, hold one output line per non-blank input line, in input
order. See docs/scale-out.md.

Each partition runs ONE `article-review extract --jsonl` process (mapPartitions, not pipe():
pipe() starts the program with an empty environment and ignores its exit status, so a crash
would silently lose the partition). The job fails when a process crashes, exits with a status
other than 0 or 1 (1 means "some records failed, see their error lines"), or returns a different
number of lines than it was given. A bad record is not a crash: it stays in the output as the
binary's error line, {"id": ..., "line": N, "error": ...}, where N is its line number in the whole
INPUT (the process is told where its slice starts with --first-line) and id is the record's id
when the line could be read that far.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading

# The last part of a process's stderr kept for the failure message (the rest goes to the
# executor's log as it comes).
STDERR_TAIL_BYTES = 4000


class PartitionFailed(RuntimeError):
    """An extract process did not answer every line it was given."""


def _is_blank(line):
    # Python's idea of whitespace is a superset of the binary's (Rust's White_Space), so lines
    # blank here are sent as empty lines: then both sides agree on which lines get no answer.
    return not line.strip()


def _resolve_binary(binary):
    """The executable on this executor: the copy Spark shipped (addFile / --files), else `binary`."""
    from pyspark import SparkFiles

    try:
        shipped = SparkFiles.get(os.path.basename(binary))
    except Exception:  # no SparkContext files on this worker
        shipped = None
    if shipped and os.path.isfile(shipped):
        return shipped
    return binary


def extract_partition(records, binary, threads):
    """Runs one extract process over a partition of (line, index) records; yields its lines.

    Raises PartitionFailed (failing the Spark task, hence the job) when the process crashes or
    its answer is short.
    """
    records = iter(records)
    first = next(records, None)
    if first is None:
        return
    first_line = first[1] + 1
    command = [
        _resolve_binary(binary),
        "extract",
        "--jsonl",
        "--threads",
        str(threads),
        "--first-line",
        str(first_line),
    ]
    process = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    given = 0
    writer_error = []

    def write_lines():
        nonlocal given
        try:
            for line, _ in _chain_first(first, records):
                if _is_blank(line):
                    process.stdin.write(b"\n")
                else:
                    process.stdin.write(line.encode("utf-8") + b"\n")
                    given += 1
        except (BrokenPipeError, OSError) as e:  # the process stopped reading: found below
            writer_error.append(e)
        finally:
            try:
                process.stdin.close()
            except OSError:
                pass

    stderr_tail = bytearray()

    def drain_stderr():
        for chunk in iter(lambda: process.stderr.readline(), b""):
            sys.stderr.buffer.write(chunk)
            stderr_tail.extend(chunk)
            del stderr_tail[:-STDERR_TAIL_BYTES]
        sys.stderr.flush()

    writer = threading.Thread(target=write_lines, daemon=True)
    stderr_reader = threading.Thread(target=drain_stderr, daemon=True)
    writer.start()
    stderr_reader.start()

    answered = 0
    error_lines = 0
    for raw in process.stdout:
        line = raw.rstrip(b"\n").decode("utf-8")
        answered += 1
        if _is_error_line(line):
            error_lines += 1
        yield line
    status = process.wait()
    writer.join()
    stderr_reader.join()

    where = f"partition starting at input line {first_line}"
    tail = stderr_tail.decode("utf-8", "replace").strip()
    if status < 0:
        raise PartitionFailed(f"{where}: {command[0]} was killed by signal {-status}; stderr: {tail}")
    if status not in (0, 1):
        raise PartitionFailed(f"{where}: {command[0]} exited with status {status}; stderr: {tail}")
    if answered != given:
        raise PartitionFailed(
            f"{where}: {command[0]} returned {answered} line(s) for {given} input line(s) "
            f"(exit status {status}); stderr: {tail}"
        )
    if status == 1 and error_lines == 0:
        raise PartitionFailed(
            f"{where}: {command[0]} failed without an error line for any record; stderr: {tail}"
        )


def _is_error_line(line):
    """True for the binary's {"id", "line", "error"} lines (a document has "format" instead)."""
    if '"error":' not in line:
        return False
    try:
        record = json.loads(line)
    except ValueError:
        return False
    return isinstance(record, dict) and "error" in record and "format" not in record


def _chain_first(first, rest):
    yield first
    yield from rest


def run(spark_context, input_path, output_path, binary, partitions=None, threads=1):
    """Extracts INPUT into the Spark output folder OUTPUT with `binary`."""
    if os.path.isfile(binary):
        binary = os.path.abspath(binary)
        shipped = spark_context.getConf().get("spark.files", "") or ""
        if not any(os.path.basename(f) == os.path.basename(binary) for f in shipped.split(",") if f):
            spark_context.addFile(binary)
    lines = spark_context.textFile(input_path, minPartitions=partitions)
    # zipWithIndex numbers the lines across the whole file (one extra pass to count the
    # partitions); each partition is a contiguous run, so its first index is its --first-line.
    numbered = lines.zipWithIndex()
    out = numbered.mapPartitions(lambda part: extract_partition(part, binary, threads))
    out.saveAsTextFile(output_path)


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run `article-review extract --jsonl` over a JSON-lines file with PySpark."
    )
    parser.add_argument("input", help="JSON lines, {\"id\",\"text\"} or {\"id\",\"path\"} per line")
    parser.add_argument("output", help="the Spark output folder to create (part-NNNNN files)")
    parser.add_argument(
        "--master",
        default=None,
        help="Spark master, e.g. local[2] (default: spark-submit's, which is local[*] when run directly)",
    )
    parser.add_argument(
        "--binary",
        default="article-review",
        help="the article-review executable: a file on the driver (shipped to the executors) or "
        "the name of one shipped with spark-submit --files (default: article-review on PATH)",
    )
    parser.add_argument(
        "--partitions", type=int, default=None, help="minimum number of input partitions"
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=1,
        help="threads per extract process (default 1: Spark already runs one task per core)",
    )
    args = parser.parse_args(argv)

    binary = args.binary
    if not os.path.isfile(binary) and os.sep not in binary:
        binary = shutil.which(binary) or binary
    # Workers must run this Python (the one with pyspark), not whatever `python3` is first on PATH.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)

    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("article-review extract")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        run(spark.sparkContext, args.input, args.output, binary, args.partitions, args.threads)
    except Exception as e:  # Py4J wraps the task's exception; its first line is enough here
        message = str(e).strip().splitlines()
        detail = next((m for m in message if "PartitionFailed" in m), message[0] if message else e)
        print(f"spark_extract: the job failed: {detail}", file=sys.stderr)
        return 1
    finally:
        spark.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
