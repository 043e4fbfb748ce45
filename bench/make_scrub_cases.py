"""Writes tests/data/scrub_cases.jsonl, the labelled set for server/domain/privacy/.

Each case below is a short answer to a reflection question, with its personal data marked
inline as {kind:text}; the script strips the marks and records exact character offsets:
{"text": ..., "spans": [[start, end, kind], ...]}. Edit the cases here, then run

    .venv/bin/python bench/make_scrub_cases.py

Labelling rules (the scrubber's target, see docs/benchmarks.md):
- name: a person's given and/or family name, a full name as one span ("John Smith");
  titles ("Dr", "Mr.") and a possessive 's stay outside; public figures count. Places,
  organisations, brands, deities, months, kinship words ("Mum") are not names.
- email: the whole address. url: scheme / www / bare domain with its path, without
  trailing punctuation. handle: "@" and the handle ("@a@b.social" whole).
  phone: from "+", "(" or the first digit to the last digit.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "scrub_cases.jsonl"
KINDS = {"name", "email", "phone", "url", "handle"}

# Answers with personal data (questions such as "How do I maintain my independence in my
# relationships?", "Who supports you?", "What did you learn this week?").
WITH_PII = r"""
I talked to {name:Sarah} about it and she just listened.
My friend {name:John Smith} always reminds me to take time for myself.
{name:Maria} and I agreed to have one evening a week just for ourselves.
When I feel stuck I text {name:Priya} and we go for a walk.
My partner {name:Alex} and I keep separate hobbies, which helps a lot.
I told {name:Will} I needed space and he actually respected it.
My sister {name:Grace} is the one I call when things get heavy.
{name:Tom}'s advice was to say no more often.
Honestly {name:Ahmed} helped me see that I was people-pleasing.
My therapist Dr. {name:Patel} suggested writing three pages every morning.
Email me at {email:jane.doe@example.com} if you want the reading list.
My number is {phone:+44 7700 900123}, happy to chat about this.
Call me on {phone:(555) 123-4567} after 6pm if you want to talk it through.
The podcast I mentioned is at {url:https://example.com/podcast/ep12}.
Follow {handle:@jane_doe} on Instagram, she posts great stuff about boundaries.
I found this on {url:www.selfcareguide.org} and it changed how I plan my week.
Check out {url:boundaries.net/worksheets} - it's free and short.
My old boss Mr {name:Henderson} used to say that rest is productive.
{name:Emma}, {name:Lucas} and I started a book club so I'd have something of my own.
I learned a lot from {name:Brené Brown}'s book on vulnerability.
Text me on {phone:07700 900456} if you want to practise saying no together.
I met with {name:Hope} from HR and for once I felt heard.
{name:Mark} said something that stuck with me: you can love people and still say no.
My manager {name:Kwame Mensah} gave me permission to log off at five.
I asked {name:Sophie} to stop calling me during work hours.
She's at {email:sarah.k@uni.ac.uk}, she ran the same workshop last year.
My husband {name:Daniel} and I each have one night out a week.
I spoke to {name:Lucy} and {name:Ben} about sharing the chores more fairly.
Reach me at {phone:+1 415 555 0132} or {email:me@janedoe.com}.
DM me {handle:@mike.runs} if you want to join the Sunday run club.
{name:Olivia} reminded me that no is a full sentence.
I keep thinking about what {name:Jordan} told me: protect your mornings.
My best friend {name:Chloe} lives abroad so we do video calls on Fridays.
I went to a workshop run by {name:Anna Müller} and it was eye-opening.
Contact {email:j.smith+workshop@gmail.com} for the notes from today.
My phone is {phone:555-867-5309}, text rather than call please.
I saved {url:bit.ly/indep-tips} for later.
Find me on Mastodon: {handle:@sam@mastodon.social}
My mentor, {name:Olu}, says independence is a muscle you train.
When {name:Jack} left I had to learn to do things alone, and I'm glad I did.
I admire how {name:Rose} handles conflict, calmly and directly.
Mrs. {name:Okafor} from next door checks in on me, which I appreciate.
I'm grateful for {name:Liam}, who never makes me feel guilty for needing alone time.
My German number is {phone:+49 30 12345678} if you're ever in Berlin.
{phone:06 12 34 56 78} is my French mobile, text anytime.
You can book a session at {url:https://calendly.com/coach-amy}.
Talking with {name:Noah} made me realise I'd been hiding my needs.
My daughter {name:Isla} asked why I never go out with my own friends.
I wrote to {name:Mohammed} to apologise and it cleared the air.
{name:Karen} and {name:Steve} from the team cover for me when I need a break.
I told my coworker {name:Ray} that I'm not available after 7.
Follow {handle:@TheMindfulMum} for daily prompts, they're gentle.
Send it to {email:reflections@fulcrum-workshops.org} please.
Our office landline is {phone:020 7946 0958}, ask for me.
I look up to {name:Michelle Obama}; she writes about keeping your own identity in a marriage.
{name:Sam} and I have an agreement: no phones at dinner.
My flatmate {name:Zoë} taught me to cook, and now I cook for myself most nights.
My grandmother {name:Edith} lived alone until she was 95 and loved it.
My ex, {name:Chris}, never understood why I needed time alone.
i talked to my sister {name:emma} about it and she got it
my friend {name:jake} says i overthink everything lol
Therapy with Dr {name:Nguyen} changed how I see conflict.
{name:Faith} told me to stop apologising for having needs.
My brother {name:Will}'s number is {phone:+44 7911 123456} in case anyone needs a lift.
If anyone wants the slides: {url:https://docs.example.com/d/abc123}
My website is {url:janesmithcoaching.com}.
I'm on Twitter as {handle:@jd_writes}, I post about slow living.
Call {name:Mike} on {phone:555 010 4477} if you need a lift to the next session.
My mate {name:Dave} and I go fishing once a month, just the two of us.
{name:Hannah} from the Tuesday group inspired my answer.
My wife {name:Ruth} is my rock but I need my own friends too.
US folks can reach me at {phone:1-800-555-0199}.
I took {name:Leo} to the park and finally read a book while he played.
Reading {name:Jane Austen} on the train is my me-time.
I watched a talk by {name:Esther Perel} about keeping separate selves in a couple.
My sponsor {name:Gary} says one day at a time and it works for me.
My son {name:Oliver} is 16 and I'm learning to let him be independent too.
{email:anon123@proton.me} is my private email if you want to stay in touch.
I joined {url:meetup.com} groups to meet people outside my relationship.
There's a good article at {url:https://www.psychologytoday.com/us/blog/relationships}.
Our group chat admin is {handle:@priya_k}, ask her to add you.
Listening to {name:Taylor Swift} loud in the car is my alone time.
I said to {name:Mark}, I need Saturdays for myself.
My French number is {phone:+33 6 12 34 56 78}.
Mobile {phone:0612345678}, WhatsApp works too.
{name:Jess} and {name:Amir} are the two people I trust with everything.
My aunt {name:June} taught me to travel alone.
My colleague {name:Bill} and I split the load now.
I was inspired by my coach, {name:Grace Lee}.
I met {name:Paul} at a retreat and he showed me how to meditate.
{name:Virginia Woolf} said a woman needs a room of her own, and I agree.
Ask {name:Fatima} for the journaling template, she has copies.
{name:Siobhan} and I take turns choosing what we do at weekends.
Thanks to {name:Hope} and {name:Sarah} I finally booked a solo holiday.
I still use the planner {name:Kate} gave me, it's at {url:https://example.org/planner.pdf}.
Irish mobile: {phone:+353 87 123 4567}
Call {phone:555.123.4567} and ask for {name:Linda}.
My boyfriend {name:Mateo} is learning that my Sunday mornings are mine.
Write to {email:Jane.Doe@Example.COM} with questions.
I rang my dad and then {name:Chidi} to talk it through.
My neighbour Mr {name:Brown}'s garden is where I go to think.
"""

# Answers without personal data, many with traps: capitalised common words, months,
# weekdays, places, brands, numbers, times, dates, "@" that is not a handle, dotted words.
WITHOUT_PII = r"""
I will make time for myself every morning before work.
May was hard, but June felt lighter.
Hope is important, but boundaries matter more.
I grow every day when I spend time alone.
Bill payments used to stress me out until we split our finances.
Rose garden walks on Sundays are my reset.
Will I ever stop feeling guilty for saying no?
Faith and patience are what keep me grounded.
Grace under pressure is something I'm working on.
I moved to Paris for a year and learned I could be alone without being lonely.
In April I started going to the gym on my own.
Joy comes from the small things, like a quiet coffee on Saturday.
Mark my words: I'm going to protect my weekends this year.
I said no three times this week and the world didn't end.
I sleep 7-8 hours now, which helps me show up as myself.
In 2024 I finally took a solo trip.
We meet at 10:30 on Mondays, and I leave at 11:45 no matter what.
Between 2019 and 2021 I lost touch with my own hobbies.
Saving 10% of my income in a separate account gives me independence.
Email is the worst part of my day, so I only check it twice.
Meet @ 5pm for the walk, it's a standing date with myself.
I'm free @5pm most days, that's my hour.
My own bank account, my own friends, my own time: that's independence.
Christmas with the in-laws is when I struggle most.
God gives me strength, and prayer gives me space to think.
Summer is when I feel most like myself.
Dawn runs are my favourite time of day.
Patience, honesty and space.
Art class on Thursdays is just for me.
I read Atomic Habits and started small.
Sunny days make it easier to go out alone.
Love isn't about losing yourself in someone else.
Young people today have it harder with boundaries, I think.
Frank conversations about money helped us a lot.
Apple Watch reminders to breathe actually help.
I go to Berlin twice a year on my own.
I set an alarm for 6:45 and journal for 15 minutes.
Our anniversary is 14/02/2015 and we still keep separate hobbies.
It took me 3 years and about 40 therapy sessions to learn this.
Version 2.0 of me says no without explaining.
I called a helpline once at 3am and it helped.
Dear future me: keep your Tuesdays free.
Sometimes the answer is just no, thank you.
I use the Calm app and Headspace for my alone time.
Independence means I can pay my own rent, about £1,200 a month.
Ramadan is a good reset for me every year.
Trust, space, and a shared calendar!
Being 35 and single taught me a lot about myself.
I walk 10,000 steps a day, mostly alone with a podcast.
Rock climbing is the thing I do without my partner.
Chase your own goals, not just shared ones.
Justice for me means splitting chores equally.
Guy time on Friday nights keeps my husband happy and gives me space.
Long walks, short phone calls and honest talks.
Florence was where I realised I liked travelling solo.
I keep my own Spotify playlists, which sounds silly but matters.
Set boundaries early. Say what you need. Repeat.
I'm an introvert, so I need one day a week with no plans.
Yoga at 7.30 before everyone wakes up.
Phone down by 9 pm, no exceptions.
I take the 8:15 train alone instead of driving with my partner.
Learned this from a TED talk, can't remember the speaker.
Independence Day is literally my favourite holiday, ha.
Self-care isn't selfish; it's maintenance.
I learned to cook for one - pasta, mostly.
North Star for me: my own values, not my partner's.
Early mornings are mine.
Reason: I lose myself when I don't have my own plans.
Time alone on the weekend, even just an hour.
Being honest about what I need, even when it's uncomfortable.
Keeping my friendships outside the relationship.
I check in with myself every Sunday evening.
Price of independence? Sometimes loneliness.
King size bed, separate blankets. Game changer.
Page 42 of my journal says it all.
Green tea and a book at the café down the street.
Silver linings: I learned to enjoy my own company.
My Dad and my Mum taught me to stand on my own two feet.
Grandma always said never depend on anyone for your happiness.
Netflix on my own is underrated.
Alexa reminds me to take breaks.
Going to Sydney for work gave me a week to myself.
I'm working on it. Patience!
Marathon training on my own, 4 days a week, 5:30am starts.
Easter weekend I went hiking alone.
The workshop code was 482913.
My partner earns 2x what I do, so I keep a fund of my own.
I rated this session 9/10.
e.g. walking, reading, painting; i.e. things that are just mine.
I tried.It didn't work at first but I kept going.
Node.js side projects are my escape from family life.
A 1-2 hour block every evening.
Call it what you want, I need space.
Tell people what you need. Ask for help. Say no.
Honest chats on the sofa, phones off.
We use a shared Google calendar but I block out time for me.
Victoria sponge and a cup of tea alone on Sunday afternoons.
Walking the Camino de Santiago alone taught me to trust myself.
I've been married 12 years and we still have separate friends.
Therapy every other Wednesday at 4.15pm.
Sleep by 11, up by 7. Non-negotiable.
Mum says I'm too independent, but I'm fine with that.
I need 20-30 minutes after work before I can talk to anyone.
Took me until age 40 to figure this out.
My salary is 45.000 a year and I finally feel independent.
Our flat is on floor 3, my room is my own space.
Spring cleaning my calendar helped more than anything.
Honestly? Saying no. Then saying it again.
Hunting for my own hobbies was the first step.
Prayer, journaling and long baths.
Sister time and friend time are separate from couple time.
Cash in a separate envelope for my own spending.
Joy, peace, freedom.
I read Brave New World alone in one weekend and it felt great.
The Lord is my shepherd, and Sunday is my rest.
The 5:2 rule: five days together, two days of my own.
We moved from London to Leeds and I had to rebuild my own circle.
My therapist's advice: ask for what I need, early.
At 6.30 am the house is quiet and it's mine.
Ivy League people aren't any better at relationships.
Faith gets me through, and so does the gym.
Hope and patience, every single day.
Bishop's Stortford is where I grew up and learned to be on my own.
I need one evening a week @home alone.
Coffee at 8, a walk at 12.30, phone off after 21:00.
Dr. appointments alone are fine for me now.
Will power isn't the issue, it's habits.
Rich conversations with people outside my marriage keep me sane.
Being in a long-distance relationship for 2 years taught me independence.
Marking my calendar with MY time in red helps.
I count to 10 before I answer when I feel pressured.
Sunday lunch at my parents' is enough family time for me.
Lily pads in the pond near my house are where I think.
"""


# Held out: written after the rules above were settled, in one go, and never used to tune
# them (their first scores are recorded in docs/benchmarks.md). Other styles: lowercase
# typing, lists, emoji, several sentences, names without a cue.
HOLDOUT = r"""
honestly just talking to {name:ellie} helps me more than anything
{name:Nadia} is the only person who doesn't make me feel needy for wanting space.
We have a rule in our house, me and {name:Tariq}: one night a week each, no questions.
- weekly walk alone\n- call {name:Beth} on Sundays\n- no work email after 7
I think {name:Carlos} would say I'm too independent, but that's his problem 😅
Last week {name:Rebecca} and {name:Tom} took the kids so I could go to a gallery by myself.
My counsellor {name:Yusuf} gave me a phrase: I can care about you and still say no.
I learned from {name:Anita} at work that asking for help is not the same as being dependent.
When {name:Kevin} travels I actually enjoy the quiet, and I don't feel bad about it anymore.
{name:Lauren}'s sister once told me I disappear in relationships. She was right.
the person who taught me this was my nan, {name:Dorothy}, she lived on her own for 30 years
I finally told {name:Marcus} that I need my Saturdays, and he said fine!
If you're reading this {name:Ingrid}, thank you for the push ❤️
Our pastor, Father {name:Michael}, says even Jesus went off alone to pray.
I volunteer with {name:Helen} every Thursday, it's the one thing that's just mine.
{name:Georgia} and I met at a pottery class I went to alone.
my bff {name:katie} calls me out when i cancel plans for my boyfriend
Ask {name:Omar} in the back row, he's been doing this for years.
My physio, Dr {name:Zhang}, said movement is my independence.
My WhatsApp is {phone:+44 7412 345678} if you want an accountability buddy.
Write to me: {email:nadia.r@outlook.com}
{url:https://www.youtube.com/watch?v=abc123} - this video on attachment styles!!
I follow {handle:@nedratawwab} for boundary tips, highly recommend.
My blog {url:slowandsolo.blog/posts/first-trip} has the whole story.
Cell {phone:(212) 555-0187} - text first please.
Landline {phone:01632 960 123} (evenings).
{email:tom_h@example.co.uk} if you want the book list.
On Insta I'm {handle:@solo.sundays}.
My friend's number is {phone:+61 412 345 678}, she runs a women's hiking group.
The resource is {url:www.mind.org.uk/information-support} - really helpful.
It's all on {url:github.com/jdoe/habit-tracker}, free to use.
Dutch number: {phone:+31 6 12345678}
Please email {email:info@calmcollective.io} for the next session dates.
{name:Aisha}'s mum raised four kids alone and still had her own life; that's my model.
I'm lucky: {name:Patrick} does his thing, I do mine, and we meet in the middle.
I had coffee with {name:Will} and {name:Jenny} and didn't check my phone once.
Mostly I rely on my sister {name:Hope} and a good playlist.
Reading {name:bell hooks} changed how I think about love and independence.
I wish I'd listened to Grandpa {name:Joe} earlier.
May I suggest: schedule alone time like a meeting.
Hope you all find your own space, it's worth it.
Will and grace... sorry, will and discipline, that's what it takes.
Dawn is the only time the house is quiet.
Sage advice from my grandmother: keep your own money.
Every June I take a week off on my own.
I lived in Florence, Madrid and Lisbon before settling down, always alone.
Summer holidays with his family are the hardest part for me.
Bill me for the therapy, it was worth it lol.
Pat yourself on the back when you say no.
I like {name:Amber Valletta}'s line about independence.
Mercedes-Benz ads aside, I bought my own car and it felt amazing.
Don't lose yourself. Don't lose your friends. Don't lose your hobbies.
Ray of light moment: I went to the cinema by myself.
Heather and gorse on the hills near Aberdeen are my happy place.
Ivy growing up my window is the first thing I see when I wake.
The Apple store trip alone was oddly freeing.
Jordan Valley hikes in spring, alone with a thermos.
{name:Iris Murdoch} novels on the bus.
Chase Bank account in my name only, finally.
Rosemary, thyme and basil on my windowsill: my little project.
Dear Diary energy: I write to myself every night.
At 7:30pm on Thursdays I go to choir. It's mine.
I budget 15% for myself, about $400 a month.
From 2015-2018 I lost myself in a relationship.
My step count yesterday was 12,345!
Flat 4B, third floor, and it's all mine.
On 03.04.2022 I moved out, best decision.
Room 1204 at the hotel, a weekend alone, bliss.
Tickets cost 1 500 kr but the trip alone was priceless.
Score: 3-1 to me against my anxiety this week.
I use Notion and Todoist to protect my time.
Grace period: I give myself a week after a breakup before deciding anything.
Winter walks, summer swims, always on my own.
Mark the date, I said no to a wedding without guilt.
Rich people can buy space, the rest of us have to negotiate it.
Faith, family, friends, in that order, but me first sometimes.
💪 independence = my own money, my own time, my own friends
مساحتي الخاصة مهمة جدا لي
Sometimes I just sit in the car for 10 mins before going inside.
@everyone in this room: go for the walk alone, trust me.
Max 2 evenings a week with his friends, the rest is flexible.
Hunter wellies, a rainy walk, nobody else: perfect Sunday.
Victoria Park on a Sunday morning is my thinking spot.
"""


def parse(line: str) -> dict:
    text, spans, pos = [], [], 0
    for m in re.finditer(r"\{(\w+):([^{}]+)\}", line):
        text.append(line[pos : m.start()])
        start = sum(map(len, text))
        kind, value = m.group(1), m.group(2)
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r} in {line!r}")
        text.append(value)
        spans.append([start, start + len(value), kind])
        pos = m.end()
    text.append(line[pos:])
    out = "".join(text)
    if "{" in out or "}" in out:
        raise ValueError(f"unbalanced mark in {line!r}")
    return {"text": out, "spans": spans}


def main() -> int:
    cases = [parse(line) for block in (WITH_PII, WITHOUT_PII) for line in block.strip().splitlines()]
    cases += [{**parse(line.replace("\\n", "\n")), "split": "holdout"} for line in HOLDOUT.strip().splitlines()]
    texts = [c["text"] for c in cases]
    assert len(set(texts)) == len(texts), "duplicate case"
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    with_pii = sum(bool(c["spans"]) for c in cases)
    print(f"{len(cases)} cases ({with_pii} with personal data) -> {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
