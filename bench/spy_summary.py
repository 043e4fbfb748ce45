"""Summarise a py-spy speedscope profile (e.g. from `bench/load.py --py-spy FILE`).

    .venv/bin/python bench/spy_summary.py /tmp/moves.json [--top 40] [--match goto]

Prints, for the sampled threads, the share of samples in which each function is on the
stack (inclusive) and at the top (self), and, with --match, the same within the samples
whose stack contains a frame matching the text (e.g. `goto` for the handler's own time).
"""

import argparse
import collections
import json


def frames_of(profile):
    return [
        f"{f['name']} ({f.get('file', '?').rsplit('site-packages/', 1)[-1]}:{f.get('line', '?')})"
        for f in profile["shared"]["frames"]
    ]


def stacks(profile):
    names = frames_of(profile)
    for thread in profile["profiles"]:
        for sample, weight in zip(thread["samples"], thread["weights"], strict=False):
            yield [names[i] for i in sample], weight


def table(samples, top, title):
    total = sum(w for _, w in samples) or 1
    inclusive, own = collections.Counter(), collections.Counter()
    for stack, weight in samples:
        for name in set(stack):
            inclusive[name] += weight
        if stack:
            own[stack[-1]] += weight
    print(f"\n{title}: {total} samples")
    print("  incl%   self%  function")
    for name, count in inclusive.most_common(top):
        print(f"  {100 * count / total:5.1f}  {100 * own[name] / total:6.1f}  {name}")
    print("  -- by self time --")
    for name, count in own.most_common(top // 2):
        print(f"  {100 * inclusive[name] / total:5.1f}  {100 * count / total:6.1f}  {name}")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("profile")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--match", action="append", default=[])
    args = parser.parse_args()
    with open(args.profile) as f:
        profile = json.load(f)
    samples = list(stacks(profile))
    table(samples, args.top, "all samples")
    for text in args.match:
        table([(s, w) for s, w in samples if any(text in name for name in s)], args.top, f"samples with {text!r}")


if __name__ == "__main__":
    main()
