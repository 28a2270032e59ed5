"""The site of a page: the registrable part of its host ("news.example.co.kr" →
"example.co.kr"). The claim evaluation's splits are drawn by site, and the entity generator
keeps spellings read on a sealed test site out; both use this one definition (the Rust test
in server/src/claims/evaluate.rs mirrors it)."""
from urllib.parse import urlparse

SECOND_LEVEL = ("co", "or", "go", "ac", "ne", "re", "com", "net", "org")


def site(url):
    host = (urlparse(url).hostname or "").lower().rstrip(".")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])
