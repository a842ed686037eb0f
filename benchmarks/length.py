"""Time per stage against an article's length: every stage should grow about linearly.

    python benchmarks/length.py [--sizes 60000 240000 960000] [--profile 60000] [--json]

Builds one article per size by repeating varied news-like paragraphs (names, places, dates,
quotes, numbers and violence, so that every stage has work), with names drawn from growing
pools so that the number of actors grows with the length, as in a long real article. Runs the
pipeline with its per-stage `timings` (as benchmarks/throughput.py does) and, as the floor, bare
spaCy `nlp.pipe` on the same cleaned text. Prints each stage's seconds per size and the ratio
of its time per character between consecutive sizes (1.0 = linear; 4.0 at a 4x step =
quadratic). `--profile SIZE` writes a cProfile of the pipeline at that size to
/tmp/length-SIZE.prof and prints its top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import pstats
import resource
import time

from tacitus.core.settings import Settings
from tacitus.io.ingest import from_dict
from tacitus.pipeline import Context, Pipeline

_FIRST = (
    "Amina Bruno Carla Dmitri Elena Farid Grace Hassan Irene Jonas Kofi Leila Marco Nadia "
    "Omar Priya Rafael Sofia Tomas Ursula Viktor Wanjiru Yusuf Zara"
).split()
_LAST = (
    "Okafor Lindqvist Moreau Petrov Haddad Kowalski Tanaka Mensah Alvarez Novak Rahman "
    "Schmidt Costa Ibrahim Larsen Nakamura Duarte Kariuki Feldman Osei"
).split()
_CITIES = (
    "Kabul Aleppo Mosul Kyiv Kharkiv Tripoli Khartoum Mogadishu Lagos Nairobi Caracas "
    "Bogota Karachi Dhaka Yangon Manila Bamako Niamey Goma Juba"
).split()
_COUNTRIES = (
    "Afghanistan Syria Iraq Ukraine Libya Sudan Somalia Nigeria Kenya Venezuela Colombia "
    "Pakistan Bangladesh Myanmar Philippines Mali Niger Congo"
).split()
_DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
_ORGS = (
    "the Interior Ministry",
    "the United Nations",
    "the Red Cross",
    "the army",
    "police",
    "the opposition party",
)

_PARAGRAPHS = (
    "{city}, {country} - {person}, a spokesman for {org}, said on {day} that gunmen had "
    "killed {n} people in an attack on a market in {city2}.",
    '"We will not negotiate with those who attack civilians," {person} told reporters in '
    "{city} on {day}, adding that {n} suspects had been arrested.",
    "Protesters marched through {city2} on {day} to demand the resignation of {person}, "
    "the governor, whom they accused of corruption. Police fired tear gas, witnesses said.",
    "{person} met {person2} in {city} on {day} and the two agreed to resume talks on a "
    "ceasefire in {country}, according to a statement from {org}.",
    "About {n},000 people fled their homes near {city2} after heavy shelling, {org} said. "
    '"The situation is desperate," said {person2}, who leads the relief effort.',
    "The government of {country} expelled two diplomats on {day}, accusing them of spying. "
    "{person} called the decision a mistake and warned of consequences.",
)


def build_article(chars: int) -> str:
    """A news-like article of about `chars` characters with names that keep changing.

    Args:
        chars: the length wanted.

    Returns:
        Paragraphs separated by blank lines; the name pools grow with the length.
    """
    paragraphs, total, n = [], 0, 0
    while total < chars:
        p = n * 7 + 3
        people = len(_FIRST) * len(_LAST)
        text = _PARAGRAPHS[n % len(_PARAGRAPHS)].format(
            person=f"{_FIRST[p % len(_FIRST)]} {_LAST[(p // len(_FIRST)) % len(_LAST)]}",
            person2=f"{_FIRST[(p * 5 + 1) % len(_FIRST)]} "
            f"{_LAST[(p * 3 + n // people) % len(_LAST)]}",
            city=_CITIES[n % len(_CITIES)],
            city2=_CITIES[(n * 3 + 1) % len(_CITIES)],
            country=_COUNTRIES[(n * 5) % len(_COUNTRIES)],
            day=_DAYS[n % len(_DAYS)],
            org=_ORGS[n % len(_ORGS)],
            n=2 + n % 40,
        )
        if n == 0:
            text = "KABUL (Reuters) - " + text.split(" - ", 1)[1]
        paragraphs.append(text)
        total += len(text) + 2
        n += 1
    return "\n\n".join(paragraphs)


def time_stages(text: str, ctx: Context) -> tuple[dict[str, float], int]:
    """Seconds per stage for one article, and the number of actors it found."""
    seconds: dict[str, float] = {}
    article = from_dict({"id": "long", "text": text, "published": "2024-05-12"}, "long")
    article = Pipeline(context=ctx, timings=seconds).analyse(article)
    return seconds, len(article.actors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[60_000, 240_000, 960_000])
    parser.add_argument("--profile", type=int, metavar="SIZE", help="cProfile this size")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    ctx = Context(Settings.from_env())
    time_stages(build_article(3_000), ctx)  # warm: model, gazetteer, knowledge base

    if args.profile:
        profile = cProfile.Profile()
        profile.enable()
        time_stages(build_article(args.profile), ctx)
        profile.disable()
        profile.dump_stats(f"/tmp/length-{args.profile}.prof")
        pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
        return

    results = []
    for size in args.sizes:
        text = build_article(size)
        t = time.perf_counter()
        ctx.nlp.max_length = max(ctx.nlp.max_length, len(text) + 1)
        list(ctx.nlp.pipe([text]))
        floor = time.perf_counter() - t
        seconds, n_actors = time_stages(text, ctx)
        results.append(
            {
                "chars": len(text),
                "actors": n_actors,
                "floor_s": floor,
                "total_s": sum(seconds.values()),
                "stages": seconds,
                "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            }
        )
        if not args.json:
            r = results[-1]
            print(
                f"{r['chars']:>9,} chars, {r['actors']} actors: pipeline {r['total_s']:.1f} s, "
                f"bare spaCy {floor:.1f} s, peak RSS {r['max_rss_mb']:.0f} MB",
                flush=True,
            )
    if args.json:
        print(json.dumps(results, indent=2))
        return
    names = list(results[0]["stages"]) + ["floor_s", "total_s"]
    header = "".join(f"{r['chars']:>12,}" for r in results)
    ratios = "".join(
        f"{'x' + str(round(b['chars'] / a['chars'])):>10}"
        for a, b in zip(results, results[1:], strict=False)
    )
    print(f"\n{'seconds':34s}{header}   time/char ratio {ratios}")
    for name in names:
        values = [r["stages"].get(name, r.get(name, 0.0)) for r in results]
        per_char = [v / r["chars"] for v, r in zip(values, results, strict=True)]
        steps = "".join(
            f"{(b / a if a > 0 else float('nan')):10.2f}"
            for a, b in zip(per_char, per_char[1:], strict=False)
        )
        print(f"{name:34s}" + "".join(f"{v:12.2f}" for v in values) + "   " + " " * 16 + steps)


if __name__ == "__main__":
    main()
