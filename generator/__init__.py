"""News mirror generator: raw news pages in ``seeds/`` to a clean, searchable static site.

The modules follow the pipeline: ingest -> clean -> metadata -> pages -> render / feeds /
search / sitemap -> build; ``serve`` previews, ``cli`` is the command line.
"""

__version__ = "0.1.0"
