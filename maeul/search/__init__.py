"""Search across a municipality's proposals, votes, pledges and governance bodies (/search/).

It reads across programmes, so it sits in the top layer beside the workspace; each programme
offers one small search function in its ``search.py`` and this app chains their results into
one paginated list. Matching is substring matching for Korean (``maeul.core.textsearch``),
backed on PostgreSQL by the trigram indexes of this app's migrations."""
