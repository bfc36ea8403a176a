"""Reports layer: report inputs, region-independent sections, labels, key-figure recording and the
bundled report notebooks (``reports/notebooks/*.ipynb``)."""
