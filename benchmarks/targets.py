"""The targets of the quality issue, printed beside the figures."""

MAX_QUERIES = 15
MAX_MEDIAN_RATIO = 1.5  # page median at 50× over its median at 1×
MIN_DIRECTORY_RATIO = 0.2  # directory throughput over the trivial view's
MAX_FIRST_LOAD = 100 * 1024  # bytes, compressed
TERRITORIAL_REPORT_SECONDS = 3.0
NATIONAL_REPORT_SECONDS = 60.0
NATIONAL_REPORT_PEAK_MB = 1024
