"""outage-news as a map stage of an Apache Spark job.

Reads a folder of articles (``SparkContext.binaryFiles``) or a JSON Lines dataset of
articles, ships the ``outage-news`` binary to the executors (``SparkContext.addFile``),
pipes every partition through ``outage-news scan --input jsonl -`` and writes the records
as JSON Lines (and as Parquet with ``--parquet``).

    python outage_news_spark.py --master 'local[2]' --binary target/release/outage-news \\
        --folder corpus/articles --output /tmp/records
    spark-submit --files target/release/outage-news outage_news_spark.py \\
        --binary outage-news --jsonl s3://bucket/articles/*.jsonl --output s3://bucket/records

Folder mode passes each file's raw bytes base64-encoded (``bytes_b64``), so broken
encodings reach outage-news intact (Spark's text readers would turn bad bytes into U+FFFD),
and names each article by its path relative to the folder with ``/`` separators — the id
that ``outage-news scan FOLDER`` gives. JSON Lines mode passes the dataset's lines through
unchanged (the line format is in the README and in ``outage_news::stream``).

Each partition runs one ``outage-news`` process fed on stdin; the process writes exactly
one record per input line, in order. Exit status 1 only means that some records are error
records; any other failure fails the task (and Spark retries it).
"""

import argparse
import base64
import json
import os
import shutil
import subprocess
import sys
import threading

from pyspark import SparkFiles
from pyspark.sql import SparkSession


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    source = parser.add_mutually_exclusive_group(required=True)
    source.add_argument("--folder", help="folder of article files, read recursively")
    source.add_argument("--jsonl", help="JSON Lines dataset, one article object per line")
    parser.add_argument(
        "--folder-reader",
        choices=["binaryfile", "binaryfiles"],
        default="binaryfile",
        help="binaryfile: the DataFrame source (fast listing, default); binaryfiles: "
        "SparkContext.binaryFiles (slow on many small files)",
    )
    parser.add_argument("--output", required=True, help="folder for the JSON Lines records")
    parser.add_argument("--parquet", help="also write the records as Parquet to this folder")
    parser.add_argument(
        "--binary",
        default=shutil.which("outage-news"),
        help="the outage-news binary: a local path or any URI addFile reads (hdfs://, s3://), "
        "or the name of a file shipped with spark-submit --files (default: from PATH)",
    )
    parser.add_argument("--master", help="Spark master when not run by spark-submit, e.g. local[2]")
    parser.add_argument(
        "--partitions",
        type=int,
        help="partitions to process: at most this many with the binaryfile reader (coalesced), "
        "at least this many (a hint) with binaryfiles and --jsonl",
    )
    parser.add_argument(
        "--threads", type=int, default=1, help="outage-news threads per task (default 1: Spark "
        "already runs one task per core)"
    )
    parser.add_argument(
        "--scan-arg",
        action="append",
        default=[],
        help="extra argument for outage-news scan, e.g. --scan-arg=--reference-date=2025-06-10",
    )
    args = parser.parse_args(argv)
    if not args.binary:
        parser.error("outage-news is not on PATH: give --binary")
    return args


def ship_binary(sc, binary):
    """Makes the binary available to every executor; returns its name for SparkFiles.get."""
    name = os.path.basename(binary.rstrip("/"))
    shipped = sc.getConf().get("spark.files", "")
    if not any(os.path.basename(f) == name for f in shipped.split(",") if f):
        sc.addFile(binary)
    return name


def executable(name):
    """The shipped binary on this executor, made executable if the copy lost the bit."""
    path = SparkFiles.get(name)
    if not os.access(path, os.X_OK):
        os.chmod(path, 0o755)
    return path


def folder_lines(spark, folder, partitions, reader):
    """One JSON line per file: its id relative to the folder and its bytes in base64.

    ``reader="binaryfile"`` (the default) uses the DataFrame ``binaryFile`` source, which
    lists folders in parallel and packs small files into partitions cheaply;
    ``reader="binaryfiles"`` uses ``SparkContext.binaryFiles``, which gives the same pairs
    but costs tens of milliseconds per file (a Hadoop configuration per file), fine for a
    few thousand files and far too slow for millions. Both skip names starting with ``.``
    or ``_``.
    """
    sc = spark.sparkContext
    hadoop_conf = sc._jsc.hadoopConfiguration()
    jvm_path = sc._jvm.org.apache.hadoop.fs.Path(folder)
    root = jvm_path.getFileSystem(hadoop_conf).makeQualified(jvm_path).toString().rstrip("/")
    if reader == "binaryfiles":
        hadoop_conf.set("mapreduce.input.fileinputformat.input.dir.recursive", "true")
        files = sc.binaryFiles(folder, minPartitions=partitions) if partitions else sc.binaryFiles(folder)
    else:
        frame = spark.read.format("binaryFile").option("recursiveFileLookup", "true").load(folder)
        files = frame.select("path", "content").rdd.map(tuple)
        if partitions and files.getNumPartitions() > partitions:
            files = files.coalesce(partitions)

    def line(item):
        uri, content = item
        prefix = root + "/"
        rel = uri[len(prefix):] if uri.startswith(prefix) else uri
        return json.dumps({"id": rel, "bytes_b64": base64.b64encode(content).decode("ascii")})

    return files.map(line)


def run_outage_news(lines, name, threads, scan_args):
    """Pipes one partition's lines through outage-news; yields its records in order.

    ``RDD.pipe`` would do the same but starts the command with an empty environment (pass
    ``env={"PATH": ...}``) and cannot tell exit status 1 (some error records, a normal
    outcome) from a real failure, so the partition is run with subprocess here.
    """
    command = [executable(name), "scan", "-q", "--input", "jsonl", "-j", str(threads)]
    command += scan_args + ["-"]
    env = {"PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin")}
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    failure = []

    def feed():
        try:
            for item in lines:
                process.stdin.write(item.encode("utf-8") + b"\n")
            process.stdin.close()
        except Exception as err:  # reported below, after the process ends
            failure.append(err)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    for record in process.stdout:
        yield record.rstrip(b"\n").decode("utf-8")
    writer.join()
    status = process.wait()
    if status not in (0, 1) or failure:
        raise RuntimeError(f"outage-news exited with status {status}: {failure or command}")


def main(argv):
    args = parse_args(argv)
    builder = SparkSession.builder.appName("outage-news")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    name = ship_binary(sc, args.binary)

    if args.folder:
        lines = folder_lines(spark, args.folder, args.partitions, args.folder_reader)
    else:
        lines = sc.textFile(args.jsonl, minPartitions=args.partitions or None)

    print(f"outage-news: {lines.getNumPartitions()} partitions", file=sys.stderr)
    threads, scan_args = args.threads, args.scan_arg
    records = lines.mapPartitions(lambda part: run_outage_news(part, name, threads, scan_args))
    if args.parquet:
        records = records.cache()
    records.saveAsTextFile(args.output)
    if args.parquet:
        spark.read.json(records).write.parquet(args.parquet)
    spark.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
