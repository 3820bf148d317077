"""Read: a path or bytes -> a :class:`~referat.read.lines.Document` of styled lines.

One reader per format (text, PDF, saved web page, Word, the FirstAgenda API's JSON, OCR for
scans), each handing on the same styled lines (:mod:`referat.read.lines`), nothing recognised and
no paragraphs joined beyond a table cell's own lines.  :mod:`referat.read.files` picks the reader.
May import only :mod:`referat.errors`, :mod:`referat.danish` and :mod:`referat.models`.
"""
