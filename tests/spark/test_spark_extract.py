"""scripts/spark_extract.py in Spark local mode, against a direct `extract --jsonl` run.

Needs pyspark, a Java runtime and a built article-review binary: ARTICLE_REVIEW_BIN, else
$CARGO_TARGET_DIR/debug/article-review, else target/debug/article-review. `.ci/run` provides all
three.
"""

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "spark_extract.py"

PEOPLE = ["Ana López", "Karel Novák", "Zoë Martin", "Tomás Ruiz", "Ingrid Ødegaard"]
PLACES = ["Málaga", "Brno", "Lyon", "Sevilla", "Tromsø"]
# The record that fails, with an id that the binary can still read before the wrong "text".
BAD_LINE_NUMBER = 18


def article(n):
    person, place = PEOPLE[n % len(PEOPLE)], PLACES[(n * 2) % len(PLACES)]
    surname = person.split()[-1]
    return (
        f"{person}, the mayor of {place}, opened the 🚋 tram line number {n} on Monday.\r\n\r\n"
        f"“This is a great day for {place},” {surname} said. “Everyone rides free this week.”\n\n"
        f"According to the engineer in charge, the line cost {n + 3} million less than planned.\n"
        f"The opposition said the fares would rise, and {surname} told reporters she “doubted” it."
    )


def binary():
    if os.environ.get("ARTICLE_REVIEW_BIN"):
        return Path(os.environ["ARTICLE_REVIEW_BIN"])
    target = Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "debug" / "article-review"


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """21 lines: 20 generated articles (ids doc-01..) and, at line 18, a bad record."""
    folder = tmp_path_factory.mktemp("archive")
    lines = []
    for n in range(1, 21):
        if len(lines) + 1 == BAD_LINE_NUMBER:
            lines.append('{"id": "bad-record", "text": 42}')
        lines.append(json.dumps({"id": f"doc-{n:02}", "text": article(n)}, ensure_ascii=False))
    path = folder / "archive.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run_spark(input_path, output_path, bin_path, partitions=3):
    return subprocess.run(
        [
            sys.executable,
            str(SCRIPT),
            str(input_path),
            str(output_path),
            "--master",
            "local[2]",
            "--binary",
            str(bin_path),
            "--partitions",
            str(partitions),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )


def read_output(folder):
    """The output lines, part files in name order."""
    parts = sorted(p for p in Path(folder).iterdir() if p.name.startswith("part-"))
    return [line for p in parts for line in p.read_text(encoding="utf-8").splitlines()], parts


def without_timestamp(line):
    record = json.loads(line)
    if "review" in record:
        record["review"].pop("updated_at", None)
    return record


def test_local_mode_matches_a_direct_run(archive, tmp_path):
    assert binary().is_file(), f"build the binary first: {binary()} is missing"
    result = run_spark(archive, tmp_path / "out", binary())
    assert result.returncode == 0, result.stderr[-3000:]
    lines, parts = read_output(tmp_path / "out")
    assert len(parts) >= 3, "the input should have been split"

    direct = subprocess.run(
        [str(binary()), "extract", "--jsonl", "--threads", "2"],
        stdin=archive.open("rb"),
        capture_output=True,
        timeout=600,
    )
    assert direct.returncode == 1  # the bad record
    direct_lines = direct.stdout.decode("utf-8").splitlines()

    expected_ids = [f"doc-{n:02}" for n in range(1, 21)]
    expected_ids.insert(BAD_LINE_NUMBER - 1, "bad-record")
    assert [json.loads(line)["id"] for line in lines] == expected_ids
    assert [without_timestamp(line) for line in lines] == [
        without_timestamp(line) for line in direct_lines
    ]

    error = json.loads(lines[BAD_LINE_NUMBER - 1])
    assert error["id"] == "bad-record"
    # The number in the whole file, although the record sits in a later partition.
    assert error["line"] == BAD_LINE_NUMBER
    assert "text" in error["error"]
    assert "format" not in error
    first_part = parts[0].read_text(encoding="utf-8").splitlines()
    assert len(first_part) < BAD_LINE_NUMBER - 1, "the bad record must not be in the first part"
    good = json.loads(lines[0])
    assert good["format"] == "article-review"
    assert good["text"] == article(1), "the text exactly as given, CRLF included"


def write_stand_in(folder, body):
    path = folder / "article-review"
    path.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


def test_a_process_that_stops_early_fails_the_job(archive, tmp_path):
    # Answers the first line of its partition, then exits 0 without reading the rest.
    stand_in = write_stand_in(tmp_path, 'IFS= read -r first\nprintf \'%s\\n\' "$first"\nexit 0\n')
    result = run_spark(archive, tmp_path / "out", stand_in)
    assert result.returncode != 0
    assert "returned 1 line(s)" in result.stderr, result.stderr[-3000:]
    assert not (tmp_path / "out" / "_SUCCESS").exists()


def test_a_process_that_crashes_fails_the_job(archive, tmp_path):
    stand_in = write_stand_in(tmp_path, "cat >/dev/null\nkill -9 $$\n")
    result = run_spark(archive, tmp_path / "out", stand_in)
    assert result.returncode != 0
    assert "killed by signal 9" in result.stderr, result.stderr[-3000:]
