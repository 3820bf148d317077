"""Greve Kommune's FirstAgenda meetings (``../shared/corpus/firstagenda-json``) as test material.

* :func:`facts` - the ground truth of one meeting, in the corpus golden files' facts schema;
* :func:`read_meeting` - the JSON as a neutral printable structure (blocks per section);
* :mod:`greve.prints` - the meeting printed in three layouts by three real generators (cached);

A parsed print is scored against the facts by ``tools/facts_score.py`` (the golden files' scorer).

Nothing here is stored in the repository: facts and prints are made from the JSON at run time.
"""

from .facts import expected_text, facts
from .source import pick, read_meeting

__all__ = ["expected_text", "facts", "pick", "read_meeting"]
