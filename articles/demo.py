"""Demo content for a Costa Blanca news site: texts, images and a fast loader.

Everything is generated from small templates with one seeded random.Random, so
the same seed gives the same site (apart from upload file names and the clock).
"""

import colorsys
import functools
import io
import math
import random
import time
import unicodedata
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management.base import OutputWrapper
from django.db import connection, reset_queries, transaction
from django.db.models import Field, Model
from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw, ImageFilter, ImageOps
from taggit.models import Tag, TaggedItem

from articles.models import Article, Byline, LiveEntry, PreviousSlug, Section
from authors.models import Author
from comments.models import Comment
from images.models import Image as LibraryImage
from newsroom.models import SiteSettings

SITE_NAME = "Costa Blanca Today"
SITE_DOMAIN = "costablancatoday.example"

DAY = 86_400
HOUR = 3_600

# Places ---------------------------------------------------------------------

NORTH_PLACES = {
    "Dénia": "the Marina Alta",
    "Jávea": "the Marina Alta",
    "Teulada": "the Marina Alta",
    "Benissa": "the Marina Alta",
    "Calpe": "the Marina Alta",
    "Pego": "the Marina Alta",
    "Ondara": "the Marina Alta",
    "El Verger": "the Marina Alta",
    "Altea": "the Marina Baixa",
    "Benidorm": "the Marina Baixa",
    "Villajoyosa": "the Marina Baixa",
    "L'Alfàs del Pi": "the Marina Baixa",
    "Finestrat": "the Marina Baixa",
    "La Nucía": "the Marina Baixa",
    "Polop": "the Marina Baixa",
}
SOUTH_PLACES = {
    "Alicante": "l'Alacantí",
    "San Vicente del Raspeig": "l'Alacantí",
    "El Campello": "l'Alacantí",
    "Elche": "the Baix Vinalopó",
    "Santa Pola": "the Baix Vinalopó",
    "Crevillent": "the Baix Vinalopó",
    "Torrevieja": "the Vega Baja",
    "Orihuela": "the Vega Baja",
    "Guardamar del Segura": "the Vega Baja",
    "Pilar de la Horadada": "the Vega Baja",
    "Rojales": "the Vega Baja",
    "San Miguel de Salinas": "the Vega Baja",
    "Almoradí": "the Vega Baja",
    "Callosa de Segura": "the Vega Baja",
}
COMARCAS = NORTH_PLACES | SOUTH_PLACES
ALL_PLACES = tuple(COMARCAS)

# Sections -------------------------------------------------------------------


@dataclass(frozen=True)
class SectionSpec:
    slug: str
    name: str
    menu_order: int
    description: str
    groups: tuple[str, ...]
    weight: int
    places: tuple[str, ...] = ALL_PLACES
    parent: str | None = None


SECTIONS = (
    SectionSpec(
        "costa-blanca",
        "Costa Blanca",
        10,
        "News from the towns and villages of the Costa Blanca, from Dénia in the "
        "north to Pilar de la Horadada in the south.",
        ("local", "local", "incidents"),
        8,
    ),
    SectionSpec(
        "costa-blanca-north",
        "Costa Blanca North",
        11,
        "Dénia, Jávea, Calpe, Altea, Benidorm, Villajoyosa and the villages of the "
        "Marina Alta and Marina Baixa.",
        ("local", "local", "incidents"),
        20,
        tuple(NORTH_PLACES),
        "costa-blanca",
    ),
    SectionSpec(
        "costa-blanca-south",
        "Costa Blanca South",
        12,
        "Alicante, Elche, Santa Pola, Torrevieja, Orihuela and the towns of the "
        "Vega Baja.",
        ("local", "local", "incidents"),
        20,
        tuple(SOUTH_PLACES),
        "costa-blanca",
    ),
    SectionSpec(
        "spain",
        "Spain",
        20,
        "National news from Madrid and the rest of Spain, and what it means for "
        "people living on the Costa Blanca.",
        ("spain",),
        12,
    ),
    SectionSpec(
        "international",
        "International",
        30,
        "News from abroad that matters here: travel, residency, pensions and the "
        "countries our readers come from.",
        ("international",),
        5,
    ),
    SectionSpec(
        "politics",
        "Politics",
        40,
        "Town halls, the Generalitat Valenciana and the Spanish parliament, "
        "explained in plain English.",
        ("politics",),
        8,
    ),
    SectionSpec(
        "business",
        "Business",
        50,
        "Tourism, farming, fishing, jobs and the local economy.",
        ("business",),
        6,
    ),
    SectionSpec(
        "property",
        "Property",
        60,
        "House prices, rents, buying and selling, and the rules for owners on the "
        "Costa Blanca.",
        ("property",),
        7,
    ),
    SectionSpec(
        "sport",
        "Sport",
        70,
        "Football, running, cycling, sailing, golf and padel from around the province.",
        ("sport",),
        7,
    ),
    SectionSpec(
        "culture",
        "Culture",
        80,
        "Fiestas, music, exhibitions, history and what's on this week.",
        ("culture",),
        5,
    ),
    SectionSpec(
        "food-drink",
        "Food & Drink",
        90,
        "Restaurants, rice dishes, markets, wine and the best places to eat on the "
        "coast and inland.",
        ("food",),
        4,
    ),
    SectionSpec(
        "opinion",
        "Opinion",
        100,
        "Columns and comment from our writers and readers.",
        ("opinion",),
        4,
    ),
)

# Tags -----------------------------------------------------------------------

TAGS = (
    "tourism",
    "water",
    "drought",
    "housing",
    "property market",
    "holiday rentals",
    "elections",
    "town hall",
    "taxes",
    "football",
    "cycling",
    "golf",
    "beaches",
    "expats",
    "Brexit",
    "residency",
    "pensions",
    "healthcare",
    "schools",
    "traffic",
    "AP-7",
    "public transport",
    "Alicante airport",
    "weather",
    "storms",
    "wildfires",
    "environment",
    "crime",
    "Guardia Civil",
    "courts",
    "fiestas",
    "Hogueras",
    "Moors and Christians",
    "music",
    "history",
    "restaurants",
    "wine",
    "rice dishes",
    "gastronomy",
    "fishing",
    "jobs",
    "economy",
)

# Article texts --------------------------------------------------------------
# Headlines are plain strings or (headline, SEO headline) pairs. Placeholders
# are filled per article by Slots, so one article keeps the same {place}
# in its headline, standfirst, body and caption.

CONTENT: dict[str, dict[str, Sequence]] = {
    "local": {
        "headlines": (
            (
                "{place} approves {money} plan to resurface its seafront promenade",
                "{place} seafront promenade to be resurfaced: cost, dates and "
                "diversions",
            ),
            "Water restrictions extended in {place} as reservoirs fall to {pct}",
            (
                "New health centre for {place} to open by {month}",
                "{place} health centre: opening date and services",
            ),
            "{place} bans drinking in the street after residents complain of noise",
            "{place} beaches keep their Blue Flags for another year",
            "Residents in {place} protest against plans for {big} new homes",
            "{place} to install {n} new charging points for electric cars",
            (
                "Weekly street market in {place} moves to a new site from {month}",
                "{place} street market moves: new location and parking",
            ),
            "Free Spanish classes for foreign residents return to {place}",
            "{place} unveils plan for a cycle lane from the old town to the beach",
            "Holiday lets: {place} suspends new tourist licences for a year",
            "Work starts on {money} upgrade to the sewers in {place}",
            "Mosquito spraying begins in {place} ahead of the summer",
            "{place} hires {n} extra local police officers for the summer",
            (
                "New bus route links {place} and {place2} every 30 minutes",
                "{place} to {place2} bus: timetable, fares and stops",
            ),
            "{place} opens registration for its free summer school",
            "Volunteers collect {n} sacks of rubbish from beaches in {place}",
            "{place} launches app to report potholes and broken streetlights",
            "{place} to plant {big} trees to cool its streets",
            "Roadworks close the main road into {place} for {n_small} weeks",
        ),
        "standfirsts": (
            "The town hall says the plan will be paid for partly with European "
            "recovery funds.",
            "Residents have been complaining for years. Now the council says it has "
            "the money and a timetable.",
            "The measure, approved at {weekday}'s council meeting, comes into force "
            "in {month}.",
            "Opposition councillors say the plan comes too late, but business owners "
            "welcomed the news.",
            "It is the latest in a series of measures to ease the pressure of the "
            "summer season on {comarca}.",
        ),
        "ledes": (
            "{place} town hall confirmed on {weekday} that the project will go "
            "ahead, ending months of uncertainty for residents and businesses.",
            "Residents of {place} woke up on {weekday} to news that many of them had "
            "been expecting since the start of the year.",
            "The decision was taken at an extraordinary council meeting in {place} "
            "on {weekday} evening, after a debate that lasted more than three hours.",
            "It has been one of the most talked-about issues in {place} this year, "
            "and on {weekday} the town hall finally set out its plans.",
        ),
        "paragraphs": (
            "According to figures published by the town hall, the project will cost "
            "{money} and affect around {big} residents. Work is due to start in "
            "{month}, outside the busiest weeks of the tourist season.",
            "Towns across {comarca} have grown quickly over the past decade and "
            "local services have struggled to keep up. Foreign residents now make up a "
            "large share of the population in several towns, and many of them rely "
            "on information in English from the town hall.",
            "The council says the first phase will focus on the streets closest to "
            "the seafront, where complaints have been most frequent. A second phase, "
            "still to be costed, would extend the work to the residential areas "
            "inland.",
            "Local business owners were cautiously optimistic. Several bar and "
            "restaurant owners told {site} that they had lost trade in previous "
            "summers and hoped the new measures would bring customers back.",
            "Similar measures introduced in {place2} last year were controversial "
            "at first but are now widely accepted, according to the town hall "
            "there, which reported {pct} fewer complaints in the first six months.",
            "Residents who want to comment on the plans can do so at the town "
            "hall's citizens' advice office (SAC) or online through the council's "
            "electronic registry until the end of {month}.",
        ),
        "subheads": (
            "What happens next",
            "What residents are saying",
            "How the plan will work",
            "A long-standing problem",
            "Timetable and costs",
            "Advice for residents",
        ),
        "quotes": (
            "We have listened to residents and this is the result. It will not "
            "solve everything overnight, but it is a real step forward for {place}.",
            "People are worried, and they have every right to be. We are asking for "
            "clear answers and a proper timetable.",
            "Nobody told us anything until the diggers arrived. We support the idea, "
            "but the town hall has to learn to talk to people.",
            "This has been a problem for as long as I have lived here. If it finally "
            "gets fixed, I will be the first to say thank you.",
            "We ask everyone to be patient over the coming weeks and to follow the "
            "signs and the instructions of the local police.",
        ),
        "roles": (
            "a spokesperson for the town hall",
            "the councillor responsible for public works",
            "president of the {place} residents' association",
            "who has run a bar on the seafront for {years} years",
            "who moved to {place} from {country} {years} years ago",
            "an opposition councillor",
        ),
        "captions": (
            "The seafront in {place}, where most of the work will take place.",
            "A view of {place} from the hills on the edge of town.",
            "Residents gathered outside the town hall in {place} on {weekday}.",
            "Summer crowds on the beach in {place}.",
            "The old town of {place}.",
        ),
        "credits": (
            "Photo: Ayuntamiento de {place}",
            "Image Twitter@Dust",
            "Image Facebook@{place_handle}",
            "Photo: {author}",
        ),
        "tags": (
            "tourism",
            "water",
            "drought",
            "beaches",
            "traffic",
            "town hall",
            "expats",
            "holiday rentals",
            "public transport",
            "environment",
            "healthcare",
            "schools",
            "housing",
        ),
    },
    "incidents": {
        "headlines": (
            "Guardia Civil arrest {n} people over holiday home burglaries in {place}",
            "Lorry overturns on the N-332 near {place}, causing long tailbacks",
            "Lifeguards rescue {n} swimmers off {place} despite red flag",
            "Firefighters bring forest fire in the hills above {place} under control",
            "Police warn of fake water-meter inspectors calling at homes in {place}",
            (
                "Yellow alert for heavy rain in {place} and the rest of {comarca}",
                "{place} weather warning: yellow alert for heavy rain",
            ),
            "Cyclist seriously injured in collision with van near {place}",
            "Missing walker found safe in the hills above {place}",
            "Power cut leaves {big} homes without electricity in {place}",
            "Jellyfish sightings close two beaches in {place}",
            "Man arrested after a car chase through the streets of {place}",
            "Flash floods cut roads around {place} after a night of heavy rain",
        ),
        "standfirsts": (
            "Officials urged residents and visitors to stay calm and follow the "
            "advice of the emergency services.",
            "The emergency services say the situation is now under control.",
            "Police have asked anyone with information to come forward.",
            "It is the {ordinal} incident of its kind in {comarca} this year.",
        ),
        "ledes": (
            "Emergency services were called to {place} shortly after 7am on "
            "{weekday}, according to the 112 Comunitat Valenciana emergency line.",
            "Residents of {place} described a tense few hours on {weekday} as the "
            "emergency services worked at the scene.",
            "The alarm was raised late on {weekday} evening, when a neighbour in "
            "{place} called 112.",
        ),
        "paragraphs": (
            "Officers from the Guardia Civil and the local police attended, "
            "together with an ambulance from the regional health service (SAMU). "
            "Nobody else was hurt, according to the emergency services.",
            "Traffic was diverted for several hours while the area was made safe, "
            'and drivers were advised to check the <a href="https://www.dgt.es/">'
            "DGT</a> website before setting off.",
            "AEMET, Spain's state weather agency, had warned of difficult conditions "
            "along the coast, and several councils in {comarca} closed parks and "
            "beaches as a precaution.",
            "The Guardia Civil has asked anyone with information to call 062, and "
            "reminded residents never to let anyone into their home without "
            "checking their identity first.",
            "It is the {ordinal} incident of its kind in {place} this year, "
            "according to local police figures, and residents' associations have "
            "asked for more patrols.",
        ),
        "subheads": (
            "What happened",
            "Advice from the emergency services",
            "Investigation continues",
        ),
        "quotes": (
            "Our officers acted quickly and the situation was resolved without "
            "anyone else being hurt.",
            "It was frightening. You never think it is going to happen on your own "
            "street.",
            "We ask everyone to be careful and to call 112 if they see anything "
            "suspicious.",
        ),
        "roles": (
            "a Guardia Civil spokesperson",
            "a local police inspector",
            "a neighbour who saw what happened",
            "a spokesperson for the provincial fire brigade",
            "who lives a few doors away",
        ),
        "captions": (
            "Emergency services at the scene in {place}.",
            "A Guardia Civil patrol car in {place}.",
            "The coast near {place} on {weekday}.",
        ),
        "credits": (
            "Photo: Guardia Civil",
            "Photo: Consorcio Provincial de Bomberos de Alicante",
            "Photo: Policía Local de {place}",
            "Image Twitter@Dust",
            "Photo: {author}",
        ),
        "tags": (
            "crime",
            "Guardia Civil",
            "traffic",
            "weather",
            "storms",
            "wildfires",
            "beaches",
        ),
    },
    "spain": {
        "headlines": (
            "Unemployment in Spain falls for the {ordinal} month in a row",
            (
                "Heatwave: temperatures to reach {temp}ºC in parts of Spain this week",
                "Spain heatwave: where temperatures will hit {temp}ºC",
            ),
            "New rules for residency renewals come into force across Spain",
            "High-speed rail link between Alicante and {city} gets the go-ahead",
            "Spanish inflation eases to {small_pct} in {month}",
            "Drought emergency declared in {region}",
            "{big} road trips expected over the bank holiday weekend, says DGT",
            "Spain's population reaches a record high, driven by foreign residents",
            "Minimum wage to rise to €{wage} a month",
            "Flights disrupted as air traffic controllers call strike in {month}",
            "Government announces new rules on holiday rentals nationwide",
            "Petrol and diesel prices fall for the {ordinal} week in a row",
            "Health ministry launches winter flu and Covid vaccination campaign",
            "Foreign tourist numbers in Spain up {pct} on last {month}",
            (
                "What the new Spanish driving rules mean for foreign residents",
                "Spanish driving rules for foreign residents explained",
            ),
            "Discounts on commuter trains extended until the end of {month}",
        ),
        "standfirsts": (
            "Experts say the effects will be felt most in the Mediterranean regions, "
            "including the Costa Blanca.",
            "Here is what it means for residents and visitors in Alicante province.",
            "The news was confirmed in Madrid on {weekday}. This is what we know so "
            "far.",
        ),
        "ledes": (
            "The news was confirmed in Madrid on {weekday}, and it will be felt in "
            "Alicante province as much as anywhere in Spain.",
            "It is a story that has been building for months, and on {weekday} it "
            "reached the front pages of every national newspaper.",
            "For many readers on the Costa Blanca, {weekday}'s announcement will "
            "come as a relief; for others, it raises new questions.",
        ),
        "paragraphs": (
            "The official text will be published in the Boletín Oficial del Estado "
            '(<a href="https://www.boe.es/">BOE</a>), after which regional '
            "governments, including the Generalitat Valenciana, will have {n_small} "
            "months to adapt their own rules.",
            "In the Valencian Community the effect is expected to be above the "
            "national average, because of the weight of tourism and the large number "
            "of foreign residents living in Alicante province.",
            "The opposition criticised the timing of the announcement, while trade "
            "unions and business associations gave it a cautious welcome.",
            "{city} and Madrid will be affected first, followed by the rest of the "
            "country over the following {n_small} weeks.",
            'According to the <a href="https://www.ine.es/">National Statistics '
            "Institute</a>, the figure has changed by {small_pct} compared with the "
            "same period last year.",
        ),
        "subheads": (
            "What changes",
            "What it means for the Costa Blanca",
            "The figures",
            "Reaction",
        ),
        "quotes": (
            "This is good news for families, for workers and for the whole country, "
            "although we know there is still a lot to do.",
            "The figures are encouraging, but they do not yet reflect what people "
            "feel when they go to the supermarket.",
            "We will be watching closely to make sure the rules are applied fairly "
            "in every region.",
        ),
        "roles": (
            "a government spokesperson",
            "an economist at the University of Alicante",
            "a spokesperson for the CCOO union",
            "a spokesperson for the CEOE business association",
            "an AEMET meteorologist",
        ),
        "captions": (
            "Commuters at a station in {city}.",
            "The Congress of Deputies in Madrid.",
            "Traffic on the AP-7 motorway.",
            "Holidaymakers on a beach in {region}.",
        ),
        "credits": (
            "Photo: La Moncloa",
            "Image Twitter@Dust",
            "Photo: DGT",
            "Photo: AEMET",
            "Photo: {author}",
        ),
        "tags": (
            "economy",
            "jobs",
            "pensions",
            "taxes",
            "weather",
            "residency",
            "public transport",
            "tourism",
            "healthcare",
            "drought",
            "traffic",
            "AP-7",
        ),
    },
    "international": {
        "headlines": (
            (
                "UK pension changes: what British residents in Spain need to know",
                "UK state pension in Spain: what the changes mean",
            ),
            "{nationality} tourists top the list of foreign visitors to the coast",
            "New EU border checks: longer queues expected at Alicante airport",
            "Ryanair adds {n_small} new routes from Alicante to {country}",
            "Atlantic storm brings {n} flight cancellations at Alicante airport",
            "{nationality} residents form a new association in {place}",
            "New EU driving licence rules: what changes for residents in Spain",
            "{nationality} buyers return to the Costa Blanca property market",
            "UK residents reminded to swap old residence cards for the TIE",
            "Airlines warn of higher summer fares as demand from {country} soars",
            "Consulate in Alicante adds extra appointments for {nationality} citizens",
            "Wildfires in southern Europe: what travellers should know",
        ),
        "standfirsts": (
            "Consular officials say most residents will not need to do anything, "
            "but advise everyone to check their paperwork.",
            "Alicante province is home to one of the largest foreign populations in "
            "Spain, and the change will be felt here first.",
            "Here is a summary of what has changed and where to get help.",
        ),
        "ledes": (
            "The change affects tens of thousands of {nationality} nationals living "
            "in Spain, many of them on the Costa Blanca.",
            "Alicante-Elche Miguel Hernández airport handled more than {big} "
            "passengers from {country} last month, according to the airport "
            "operator Aena.",
            "The announcement, made on {weekday}, caught many residents by surprise.",
        ),
        "paragraphs": (
            "Consular officials advise residents to check that their documents are "
            "up to date before travelling, and to allow extra time at the airport.",
            "Alicante province is home to one of the largest foreign populations in "
            "Spain. In some coastal towns more than half of the registered residents "
            "were born abroad.",
            "Residents who are unsure how the changes affect them can contact their "
            "consulate or ask for an appointment with a registered gestor or lawyer.",
            "Travel associations expect the busiest weeks to be around Easter and in "
            "August, when many residents have family visiting from {country}.",
        ),
        "subheads": (
            "Who is affected",
            "What you need to do",
            "Where to get help",
        ),
        "quotes": (
            "Nobody should panic. Most people will not need to do anything, but it "
            "is worth checking your paperwork now rather than at the airport.",
            "We see more families from {country} every year. They come for the "
            "climate, but they stay because of the way of life.",
            "The rules are clear once you know them. The problem is that nobody "
            "explains them in a language people understand.",
        ),
        "roles": (
            "a spokesperson for the consulate in Alicante",
            "a gestor who advises foreign residents in {place}",
            "president of a {nationality} residents' club in {place}",
            "an Aena spokesperson",
        ),
        "captions": (
            "Passengers at Alicante-Elche airport.",
            "The departures board at Alicante-Elche airport.",
            "Visitors on the seafront in {place}.",
        ),
        "credits": (
            "Photo: Aena",
            "Image Twitter@Dust",
            "Photo: {author}",
            "Photo: European Commission",
        ),
        "tags": (
            "expats",
            "Brexit",
            "residency",
            "Alicante airport",
            "tourism",
            "pensions",
            "weather",
        ),
    },
    "politics": {
        "headlines": (
            "{place} mayor faces a vote of no confidence",
            "Generalitat promises {money} for schools in Alicante province",
            "Coalition deal agreed in {place} after weeks of talks",
            "Foreign residents urged to register to vote in local elections",
            "Opposition demands inquiry into {place} cleaning contract",
            "Regional budget includes {money} for water pipes in {comarca}",
            "Councillors in {place} vote to freeze their own salaries",
            "New Valencian law on language in schools sparks protests",
            (
                "Regional elections: polls point to a tight race in Alicante province",
                "Alicante province regional election poll: what it shows",
            ),
            "{place} council approves its budget for next year",
            "Provincial council announces {money} plan for small villages",
            "EU citizens can vote in municipal elections: here is how to register",
        ),
        "standfirsts": (
            "The vote is expected to be close, with smaller parties holding the "
            "balance of power.",
            "Opposition parties say the plan is long overdue; the government says "
            "it is the most ambitious in a decade.",
            "Here is what was agreed, and what happens next.",
        ),
        "ledes": (
            "The motion, backed by opposition parties, will be debated at a plenary "
            "session in {place} on {weekday}.",
            "The announcement was made in Valencia on {weekday} by the regional "
            "government's spokesperson.",
            "After weeks of negotiations, the parties signed the agreement at the "
            "town hall in {place} on {weekday} evening.",
        ),
        "paragraphs": (
            "Under Spanish electoral law, EU citizens and British residents with the "
            "right paperwork can vote in municipal elections, provided they are on "
            "the padrón and have registered on the electoral roll "
            "(<em>censo electoral</em>) in time.",
            "The governing group in {place} holds {n_small} of the council's seats, "
            "leaving it dependent on smaller parties to pass its budget.",
            "Political analysts say the result could shape the balance of power "
            "across {comarca} ahead of the next regional elections.",
            "The opposition accused the mayor of a lack of transparency and said it "
            "would take the matter to the regional anti-fraud agency if the "
            "documents were not made public.",
        ),
        "subheads": (
            "How the vote works",
            "What the parties say",
            "What it means for residents",
        ),
        "quotes": (
            "Residents deserve to know where their money is going, and today we have "
            "shown them.",
            "This is not about parties. It is about making sure the town works for "
            "the people who live in it all year round.",
            "We have the votes and we have the will. What we need now is time.",
        ),
        "roles": (
            "the mayor of {place}",
            "the opposition spokesperson in {place}",
            "a political scientist at the University of Alicante",
            "the councillor for foreign residents in {place}",
        ),
        "captions": (
            "A plenary session at {place} town hall.",
            "The Palau de la Generalitat in Valencia.",
            "Voters at a polling station in {place}.",
        ),
        "credits": (
            "Photo: Ayuntamiento de {place}",
            "Photo: Generalitat Valenciana",
            "Image Twitter@Dust",
            "Photo: {author}",
        ),
        "tags": (
            "elections",
            "town hall",
            "taxes",
            "schools",
            "water",
            "expats",
            "courts",
        ),
    },
    "business": {
        "headlines": (
            "Alicante-Elche airport breaks its passenger record for {month}",
            "Hotel occupancy in Benidorm reaches {high_pct} over Easter",
            "{n} new jobs as supermarket opens in {place}",
            "Elche footwear makers worried by new US tariffs",
            "Port of Alicante expects {n} cruise ships in {month}",
            "Small businesses in {place} report a quieter summer",
            "Almond growers in {comarca} count the cost of the drought",
            "New coworking space in {place} aims at remote workers",
            "Citrus exports fall {pct} as farmers blame water shortages",
            (
                "Tourist spending on the Costa Blanca rises by {pct}",
                "Costa Blanca tourist spending up {pct}: the figures",
            ),
            "Shops in {place} launch a loyalty card to compete with online giants",
            "Fishermen in {place} protest against new EU quotas",
        ),
        "standfirsts": (
            "Business owners welcomed the figures but warned that costs are still "
            "rising faster than prices.",
            "It is the {ordinal} record in a row for the sector in Alicante province.",
            "The company says it will recruit locally.",
        ),
        "ledes": (
            "Figures published on {weekday} by the Alicante Chamber of Commerce show "
            "the trend continuing into {month}.",
            "Business owners in {place} have mixed feelings about the season so far.",
            "The announcement was made on {weekday} at a press conference in {place}.",
        ),
        "paragraphs": (
            "Tourism accounts for a large share of the economy of Alicante province, "
            "and in towns such as Benidorm the proportion is far higher.",
            "Hosbec, the association that represents hotels on the Costa Blanca, "
            "said advance bookings for the coming months were in line with last "
            "year, with strong demand from the UK, the Netherlands and Scandinavia.",
            "The company plans to recruit locally and has asked job seekers to send "
            "their CVs through the regional employment service, Labora.",
            "Economists warn that rising costs for energy, rent and staff are "
            "squeezing small businesses, even in a record year for visitor numbers.",
        ),
        "subheads": (
            "The figures",
            "Rising costs",
            "What businesses say",
        ),
        "quotes": (
            "The numbers are very good, but what matters is that the money stays in "
            "the local economy and creates stable jobs.",
            "We have had good months and bad months. Winter is still hard for us.",
            "Customers are coming back, but they are more careful with their money "
            "than before.",
        ),
        "roles": (
            "the owner of a family hotel in {place}",
            "a spokesperson for the Alicante Chamber of Commerce",
            "an economist at the University of Alicante",
            "who runs a shop in the centre of {place}",
        ),
        "captions": (
            "The terminal at Alicante-Elche airport.",
            "A cruise ship moored in the port of Alicante.",
            "Shops in the centre of {place}.",
            "Almond trees in the hills of {comarca}.",
        ),
        "credits": (
            "Photo: Aena",
            "Photo: Puerto de Alicante",
            "Image Twitter@Dust",
            "Photo: {author}",
        ),
        "tags": (
            "economy",
            "jobs",
            "tourism",
            "Alicante airport",
            "taxes",
            "fishing",
            "drought",
        ),
    },
    "property": {
        "headlines": (
            "House prices in {place} up {pct} in a year",
            (
                "Golden visa scrapped: what it means for buyers on the Costa Blanca",
                "Spain's golden visa ends: the impact on Costa Blanca buyers",
            ),
            "New-build developments return to {place}",
            "Rents in {place} reach a record high",
            "Foreign buyers behind {pct} of home sales in Alicante province",
            "Owners of illegal villas in {place} win court battle",
            "New rules on community fees: what apartment owners need to know",
            (
                "Buying a resale home in {place}: a checklist",
                "Buying a resale property in {place}: checklist and costs",
            ),
            "Squatters evicted from holiday home in {place}",
            "Young people priced out of {place} as holiday lets multiply",
            "Mortgage approvals rise in Alicante province for the {ordinal} month",
            "{place} approves plans for {big} affordable homes",
        ),
        "standfirsts": (
            "Agents say demand from northern Europe remains strong, but local "
            "buyers are being squeezed out.",
            "Lawyers advise buyers to check the paperwork carefully before paying "
            "any deposit.",
            "The figures come from the latest report by the College of Registrars.",
        ),
        "ledes": (
            "Property prices on the Costa Blanca continued to climb in {month}, "
            "according to the latest figures from the property portals.",
            "For many families in {place}, finding a home at a reasonable price has "
            "become a full-time job.",
            "The ruling, published on {weekday}, ends a legal battle that has lasted "
            "more than a decade.",
        ),
        "paragraphs": (
            "Buyers from the UK, the Netherlands, Belgium and Scandinavia remain the "
            "most active foreign purchasers in the province, according to the "
            "College of Registrars.",
            "Before signing anything, lawyers recommend checking the property's "
            "entry in the land registry (<em>Registro de la Propiedad</em>), "
            "confirming that there are no debts with the community of owners and "
            "asking for the certificate of occupation.",
            "Agents in {place} say that well-priced homes near the sea are selling "
            "in weeks, while properties further inland can take much longer.",
            "Tenants' associations have called for rent controls in the areas where "
            "prices have risen fastest, a measure the regional government has so "
            "far rejected.",
        ),
        "subheads": (
            "Where prices are rising fastest",
            "Advice for buyers",
            "What tenants say",
        ),
        "quotes": (
            "Demand is still strong, especially from northern Europe. What we do "
            "not have is enough supply at prices local people can afford.",
            "Do not pay a deposit until your lawyer has checked the paperwork. It "
            "sounds obvious, but we see people get caught every month.",
            "We have been looking for a flat for {n_small} months. Everything "
            "decent goes to holiday lets.",
        ),
        "roles": (
            "an estate agent in {place}",
            "a property lawyer in {place}",
            "a spokesperson for the tenants' union",
            "who has been looking for a flat in {place} since {month}",
        ),
        "captions": (
            "New apartments under construction in {place}.",
            "Villas in the hills above {place}.",
            "A 'Se vende' sign on a house in {place}.",
        ),
        "credits": (
            "Image Twitter@Dust",
            "Photo: {author}",
            "Photo: Ayuntamiento de {place}",
        ),
        "tags": (
            "housing",
            "property market",
            "holiday rentals",
            "taxes",
            "courts",
            "expats",
        ),
    },
    "sport": {
        "headlines": (
            "Hércules CF beat {rival} {score} at the Rico Pérez",
            "Elche CF sign {nationality} striker on a two-year deal",
            "Record {big} runners sign up for the {place} half marathon",
            "Vuelta a España stage to finish in {place}",
            "Padel tournament brings top players to {place}",
            "Sailor from {place} wins gold at the European championships",
            "Golf courses near {place} count the cost of watering restrictions",
            "Swimmer crosses from {place} to Ibiza for charity",
            "{team} held to a {draw} draw by {rival}",
            "{team} appoint new coach after a poor start to the season",
            "Walking football league for over-50s kicks off in {place}",
            "Beach volleyball championship returns to {place}",
        ),
        "standfirsts": (
            "It was a night to remember for the supporters who made the trip.",
            "Organisers expect thousands of visitors over the weekend.",
            "The coach admitted there is still plenty of work to do.",
        ),
        "ledes": (
            "It was a night to remember for the {big} fans who made the trip on "
            "{weekday}.",
            "The announcement was made at a press conference in {place} on "
            "{weekday} morning.",
            "Few people gave them much of a chance before the season began.",
        ),
        "paragraphs": (
            "The club's supporters have had a difficult few seasons, and the mood "
            "around the ground was noticeably brighter on {weekday}.",
            "Organisers say the event will bring around {big} visitors to {place}, "
            "and hotels in the area are already reporting strong bookings for the "
            "weekend.",
            "Roads in the centre of {place} will be closed from 7am until early "
            "afternoon, and the local police have asked residents to use public "
            "transport where possible.",
            "The coach praised the squad's attitude but admitted that there was "
            "still a lot of work to do before the end of the season.",
        ),
        "subheads": (
            "How the match was won",
            "Road closures",
            "What comes next",
        ),
        "quotes": (
            "The lads gave everything today. The fans deserved a performance like "
            "that.",
            "It is a dream to compete at home, in front of my family and my friends.",
            "Sport brings people together here, whatever language they speak.",
        ),
        "roles": (
            "the head coach",
            "the club captain",
            "the race director",
            "the councillor for sport in {place}",
            "who has followed the club for {years} years",
        ),
        "captions": (
            "Fans at the Rico Pérez stadium in Alicante.",
            "Runners on the seafront in {place}.",
            "Players celebrate a goal.",
            "A padel match in {place}.",
        ),
        "credits": (
            "Photo: Hércules CF",
            "Photo: Elche CF",
            "Image Twitter@Dust",
            "Photo: {author}",
        ),
        "tags": ("football", "cycling", "golf", "beaches", "tourism", "town hall"),
    },
    "culture": {
        "headlines": (
            (
                "{festival} in {place}: programme, dates and road closures",
                "{place} {festival}: programme, dates and road closures",
            ),
            "Moors and Christians parade draws thousands to {place}",
            "New exhibition at the MARQ museum explores Iberian Alicante",
            "Open-air cinema returns to {place} for the summer",
            "Hogueras de San Juan: five nights of fire in Alicante",
            "Jazz festival in {place} announces its {month} line-up",
            "Writer from {place} wins regional literature prize",
            "Historic watchtower in {place} reopens after restoration",
            "Free guided walks through the old town of {place}",
            "Choir from {place} wins international competition",
            "Concert series brings classical music to the castle in {place}",
            "Photography exhibition in {place} captures the coast of the 1960s",
        ),
        "standfirsts": (
            "Most events are free, but seats for the main concerts must be booked.",
            "The celebrations have been declared of tourist interest.",
            "Here is everything you need to know, from dates to parking.",
        ),
        "ledes": (
            "Thousands of people filled the streets of {place} on {weekday} evening "
            "for one of the highlights of the local calendar.",
            "The programme was presented on {weekday} at the town hall in {place}.",
            "After two years of work, the building is open to the public again.",
        ),
        "paragraphs": (
            "Most events are free, although seats for the main concerts must be "
            "booked in advance through the town hall's website or at the tourist "
            "office.",
            "The tradition dates back several centuries and has been declared a "
            "festival of tourist interest, attracting visitors from across Spain "
            "and abroad.",
            "The exhibition can be visited from Tuesday to Sunday until the end of "
            "{month}. Entry is free on Sunday mornings.",
            "Organisers have asked visitors to leave their cars at home, as several "
            "streets in the old town will be closed to traffic.",
        ),
        "subheads": (
            "The programme",
            "Getting there",
            "A long tradition",
        ),
        "quotes": (
            "Culture is what makes a town more than a place to sleep. We want "
            "everybody to feel part of it, whether they were born here or arrived "
            "last year.",
            "Every year we think we cannot do better, and every year people surprise "
            "us.",
            "It is a way of keeping our history alive for the next generation.",
        ),
        "roles": (
            "the councillor for culture in {place}",
            "the festival director",
            "a member of one of the festival companies",
            "the curator of the exhibition",
        ),
        "captions": (
            "The parade passing through the old town of {place}.",
            "Fireworks over {place}.",
            "Visitors at the exhibition.",
            "An open-air concert in {place}.",
        ),
        "credits": (
            "Photo: Ayuntamiento de {place}",
            "Photo: MARQ",
            "Image Twitter@Dust",
            "Photo: {author}",
        ),
        "tags": (
            "fiestas",
            "Hogueras",
            "Moors and Christians",
            "music",
            "history",
            "tourism",
        ),
    },
    "food": {
        "headlines": (
            "{n_small} of the best rice restaurants in {place}",
            "Michelin star for a restaurant in {place}",
            "Why the red prawn of Dénia is worth the price",
            "A wine route through the Alicante hills: where to stop",
            "Tapas trail returns to {place} with {n} bars taking part",
            "Turrón makers in Jijona prepare for the Christmas rush",
            (
                "Where to eat arroz a banda in {place}",
                "Best arroz a banda in {place}: where to eat it",
            ),
            "Sunday market in {place}: the stalls worth queueing for",
            "The best horchata on the Costa Blanca, tested",
            "Family bakery in {place} celebrates its centenary",
            "Fish auction in {place} opens its doors to visitors",
            "Five picnic spots in the mountains near {place}",
        ),
        "standfirsts": (
            "Our food writer went in search of the perfect rice.",
            "Book ahead at weekends, and arrive hungry.",
            "Simple food, done properly, is the hardest thing to find.",
        ),
        "ledes": (
            "Ask anyone in {place} where to eat and you will get a different answer, "
            "and a strong opinion.",
            "There are few better ways to spend a {weekday} lunchtime on the Costa "
            "Blanca.",
            "The queue starts forming before the doors open.",
        ),
        "paragraphs": (
            "The menu changes with the season and with what the boats bring in, but "
            "the rice dishes are the reason most people come back.",
            "A set lunch menu (<em>menú del día</em>) costs around €{menu} on "
            "weekdays, including bread, a drink and dessert or coffee.",
            "The Alicante wine region covers dozens of wineries, many of them small "
            "family businesses. Monastrell is the grape to look for among the reds, "
            "and Moscatel among the sweet wines.",
            "Booking is recommended at weekends and throughout the summer, when "
            "tables on the terrace are hard to come by.",
        ),
        "subheads": (
            "What to order",
            "Prices",
            "Getting a table",
        ),
        "quotes": (
            "My grandmother cooked this rice every Sunday. We have not changed the "
            "recipe, only the size of the pan.",
            "People think it is simple food, but simple food is the hardest to get "
            "right.",
            "We buy everything at the market in the morning. If it is not good, it "
            "does not go on the menu.",
        ),
        "roles": (
            "the chef",
            "the owner",
            "who has run the stall for {years} years",
            "a sommelier from {place}",
        ),
        "captions": (
            "A paella being served in {place}.",
            "The fish market in {place}.",
            "Vineyards in the Alicante hills.",
            "Tapas at a bar in {place}.",
        ),
        "credits": ("Photo: {author}", "Image Twitter@Dust", "Image Instagram@Dust"),
        "tags": (
            "restaurants",
            "wine",
            "rice dishes",
            "gastronomy",
            "fishing",
            "tourism",
        ),
    },
    "opinion": {
        "headlines": (
            "{place} cannot keep ignoring its water problem",
            "Why I still love living in {place} after {years} years",
            "The tourist tax debate in {place} misses the point",
            "It is time to fix the N-332 through {place} once and for all",
            "Letter from {place}: summer crowds and winter silences",
            "Integration works both ways, and so should the paperwork",
            "The beaches of {place} deserve better than cigarette ends and plastic",
            "What town halls could learn from their foreign residents",
            "Holiday lets in {place} are not the enemy, but they need rules",
            "Learning Spanish at 60: a beginner's diary",
            (
                "Spain's bureaucracy is a test of patience, and I am failing it",
                "Spanish bureaucracy: a test of patience",
            ),
        ),
        "standfirsts": (
            "The time for half measures is over.",
            "After {years} years on the Costa Blanca, our columnist has seen most of "
            "it before, but not this.",
            "There is no single answer, but there are better and worse ways of trying.",
        ),
        "ledes": (
            "I have lived in {place} for {years} years, and I have never seen the "
            "town as divided as it is now.",
            "Every summer the same debate returns, and every summer it ends in the "
            "same place: nowhere.",
            "It started, as these things often do, with a queue.",
        ),
        "paragraphs": (
            "Nobody doubts that tourism pays the bills here. But a town that works "
            "only for visitors will sooner or later stop working for the people who "
            "live in it all year round.",
            "I have sat through enough town hall meetings to know that good ideas "
            "are not the problem. The problem is what happens to them afterwards.",
            "Foreign residents are often accused of living in a bubble. Some do. But "
            "many more volunteer, pay their taxes and would take part in local life "
            "if anyone asked them.",
            "There is no single answer, and anyone who tells you otherwise is "
            "selling something. But there are better and worse ways of trying.",
            "When I first arrived in {place}, {years} years ago, the bus to "
            "{place2} ran twice a day and the town hall closed at two. Some things "
            "have improved beyond recognition. Others have not changed at all.",
            "The people who run our town halls are not villains. Most of them are "
            "doing a difficult job with too little money and too many rules. But "
            "that is a reason to ask more of them, not less.",
            "Readers who disagree with me, and there are always a few, are welcome "
            "to say so in the comments below. I read every one of them, even the "
            "rude ones.",
        ),
        "subheads": (
            "A question of priorities",
            "What could be done",
            "The view from the terrace",
        ),
        "quotes": (
            "You do not move to a village to change it. You move there because you "
            "like it the way it is.",
            "We all want the same things: clean streets, a doctor when we need one "
            "and a bus that turns up.",
        ),
        "roles": (
            "a neighbour of mine",
            "a shopkeeper I have known for years",
            "a retired teacher from {place}",
        ),
        "captions": (
            "Evening on the seafront in {place}.",
            "The old town of {place}.",
            "A quiet street in {place} in winter.",
        ),
        "credits": ("Photo: {author}", "Image Twitter@Dust"),
        "tags": (
            "expats",
            "tourism",
            "water",
            "holiday rentals",
            "town hall",
            "environment",
            "traffic",
        ),
    },
}

# Context that fits any news story on the site.
BACKGROUND = (
    "Alicante province has almost two million inhabitants, and in summer the "
    "number of people staying on the coast roughly doubles. That puts pressure on "
    "everything from water supplies to health centres and car parks.",
    "{site} asked for further details on {weekday}, and a spokesperson said more "
    "information would be published in the coming days.",
    "Many readers have written to us about the subject in recent months, and it "
    "regularly comes up in the comments below our stories.",
    "For foreign residents, the first step is usually to make sure they are on the "
    "padrón at their town hall, which gives access to local services and, for EU "
    "citizens, the right to vote in municipal elections.",
    "The Costa Blanca stretches for more than 200 kilometres, from Dénia in the "
    "north to Pilar de la Horadada on the border with Murcia, and what happens in "
    "one town is watched closely in the next.",
    "Official information in English is not always easy to find, although several "
    "town halls, including {place2}, now publish notices in English and other "
    "languages on their websites and social media.",
    "It is not the first time the subject has made the news. A similar debate took "
    "place in {year}, when residents collected {big} signatures in a matter of "
    "weeks.",
    "Local associations say they will keep a close eye on what happens next, and "
    "have promised to report back to their members at their next meeting in "
    "{month}.",
)

ATTRIBUTIONS = (
    "Speaking to {site} on {weekday}, {person}, {role}, said:",
    "{person}, {role}, summed up the mood:",
    "{person}, {role}, put it like this:",
    "For {person}, {role}, the message is simple:",
)
CLOSERS = (
    "<em>Have you been affected? Write to us at newsdesk@{domain}.</em>",
    "{site} will publish updates as more information becomes available.",
    "More details are expected at the next council meeting in {month}.",
    "<strong>Useful numbers:</strong> emergencies 112, Guardia Civil 062, "
    "National Police 091.",
    "<em>This article was updated on {weekday} with more details.</em>",
)
FACT_LISTS = (
    "<ul><li><strong>When:</strong> from {month}</li>"
    "<li><strong>Where:</strong> {place}</li>"
    "<li><strong>Cost:</strong> {money}</li></ul>",
    "<ul><li>About {big} residents affected</li>"
    "<li>{pct} more than last year</li>"
    "<li>Next review in {month}</li></ul>",
    "<ol><li>Check the town hall website or noticeboard.</li>"
    "<li>Ask for an appointment at the citizens' advice office (SAC).</li>"
    "<li>Bring your NIE, passport and padrón certificate.</li></ol>",
)

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday")
COUNTRIES = (
    "the UK",
    "Belgium",
    "the Netherlands",
    "Norway",
    "Sweden",
    "Germany",
    "Ireland",
    "France",
    "Poland",
)
NATIONALITIES = (
    "British",
    "Belgian",
    "Dutch",
    "Norwegian",
    "Swedish",
    "German",
    "Irish",
    "French",
    "Polish",
    "Ukrainian",
    "Argentinian",
)
CITIES = ("Madrid", "Valencia", "Barcelona", "Seville", "Málaga", "Murcia", "Granada")
REGIONS = (
    "Andalucía",
    "Catalonia",
    "the Region of Murcia",
    "the Valencian Community",
    "Castilla-La Mancha",
)
TEAMS = ("Hércules CF", "Elche CF", "CF Intercity", "CD Eldense", "CF La Nucía")
RIVALS = (
    "Real Murcia",
    "FC Cartagena",
    "CD Alcoyano",
    "Córdoba CF",
    "UD Ibiza",
    "Algeciras CF",
    "CD Castellón",
)
FESTIVALS = (
    "Moors and Christians",
    "Fiestas Patronales",
    "Easter Week",
    "Carnival",
    "Medieval Market",
    "Fireworks Festival",
)
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")
SPANISH_FIRST = (
    "María",
    "José",
    "Carmen",
    "Antonio",
    "Pilar",
    "Vicente",
    "Amparo",
    "Javier",
    "Lucía",
    "Raúl",
    "Beatriz",
    "Francisco",
    "Mercedes",
    "Joan",
    "Rosa",
    "Miguel",
)
SPANISH_LAST = (
    "García",
    "López",
    "Martínez",
    "Sánchez",
    "Pérez",
    "Gómez",
    "Ivars",
    "Llorca",
    "Pastor",
    "Sellés",
    "Ferrández",
    "Orts",
    "Soler",
    "Ripoll",
    "Navarro",
    "Mas",
)
FOREIGN_FIRST = (
    "David",
    "Susan",
    "Graham",
    "Karen",
    "Pieter",
    "Anneke",
    "Sven",
    "Ingrid",
    "Lars",
    "Kirsten",
    "Declan",
    "Siobhán",
    "Heike",
    "Bram",
)
FOREIGN_LAST = (
    "Smith",
    "Taylor",
    "Hughes",
    "Walker",
    "Clarke",
    "de Vries",
    "Jansen",
    "Peeters",
    "Andersen",
    "Nilsson",
    "Larsen",
    "Murphy",
    "O'Brien",
    "Schmidt",
)


def _money(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return f"€{rng.randint(120, 950)},000"
    return f"€{rng.randint(1, 48)}.{rng.randint(1, 9)}m"


def _person(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"{rng.choice(SPANISH_FIRST)} {rng.choice(SPANISH_LAST)}"
    return f"{rng.choice(FOREIGN_FIRST)} {rng.choice(FOREIGN_LAST)}"


def _score(rng: random.Random) -> str:
    home = rng.randint(1, 4)
    return f"{home}-{rng.randint(0, home - 1)}"


SLOT_MAKERS = {
    "money": _money,
    "pct": lambda rng: f"{rng.randint(3, 38)}%",
    "small_pct": lambda rng: f"{rng.randint(1, 4)}.{rng.randint(0, 9)}%",
    "high_pct": lambda rng: f"{rng.randint(78, 96)}%",
    "n": lambda rng: str(rng.randint(4, 40)),
    "n_small": lambda rng: str(rng.randint(3, 9)),
    "big": lambda rng: f"{rng.randint(3, 90) * 100:,}",
    "years": lambda rng: str(rng.randint(4, 35)),
    "year": lambda rng: str(rng.randint(2012, 2022)),
    "temp": lambda rng: str(rng.randint(38, 44)),
    "wage": lambda rng: f"{rng.randint(115, 130) * 10:,}",
    "menu": lambda rng: str(rng.randint(12, 22)),
    "month": lambda rng: rng.choice(MONTHS),
    "weekday": lambda rng: rng.choice(WEEKDAYS),
    "ordinal": lambda rng: rng.choice(ORDINALS),
    "country": lambda rng: rng.choice(COUNTRIES),
    "nationality": lambda rng: rng.choice(NATIONALITIES),
    "city": lambda rng: rng.choice(CITIES),
    "region": lambda rng: rng.choice(REGIONS),
    "team": lambda rng: rng.choice(TEAMS),
    "rival": lambda rng: rng.choice(RIVALS),
    "score": _score,
    "draw": lambda rng: rng.choice(("0-0", "1-1", "2-2")),
    "festival": lambda rng: rng.choice(FESTIVALS),
    "person": _person,
}


class Slots(dict):
    """Fill template placeholders on first use and keep them for the article."""

    def __init__(self, rng: random.Random, places: Sequence[str], **fixed: str):
        super().__init__(site=SITE_NAME, domain=SITE_DOMAIN, **fixed)
        self.rng = rng
        self.places = places

    def __missing__(self, key: str) -> str:
        if key == "place":
            value = self.rng.choice(self.places)
        elif key == "place2":
            value = self.rng.choice([p for p in ALL_PLACES if p != self["place"]])
        elif key == "comarca":
            value = COMARCAS[self["place"]]
        elif key == "place_handle":
            value = "Ayto" + ascii_name(self["place"]).title().replace(" ", "")
        else:
            value = SLOT_MAKERS[key](self.rng)
        self[key] = value
        return value

    def fill(self, template: str) -> str:
        return template.format_map(self)


def ascii_name(text: str) -> str:
    """Return text without accents or punctuation, for handles and emails."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(c for c in plain if c.isalnum() or c == " ")


@dataclass
class ArticleText:
    headline: str
    seo_headline: str
    standfirst: str
    body: str
    caption: str
    credit: str
    tags: list[str]


def write_article(
    rng: random.Random, group: str, places: Sequence[str], author: str
) -> ArticleText:
    """Return the texts of one article for a section group."""
    pool = CONTENT[group]
    slots = Slots(rng, places, author=author)
    headline = rng.choice(pool["headlines"])
    seo = ""
    if isinstance(headline, tuple):
        headline, seo_template = headline
        if rng.random() < 0.8:
            seo = slots.fill(seo_template)
            if len(seo) > 110:
                seo = seo[:109].rsplit(" ", 1)[0] + "…"
    headline = slots.fill(headline)
    own = rng.sample(pool["paragraphs"], len(pool["paragraphs"]))
    if group == "opinion":
        background = []
    else:
        background = rng.sample(BACKGROUND, 2)
        own = own[:4]
    # Lede, two paragraphs, subheading, the rest around a quote, then extras.
    paragraphs = [own[0], *background[:1], own[1]]
    rest = own[2:] + background[1:]
    parts = [f"<p>{slots.fill(rng.choice(pool['ledes']))}</p>"]
    parts += [f"<p>{slots.fill(text)}</p>" for text in paragraphs[:2]]
    parts.append(f"<h2>{rng.choice(pool['subheads'])}</h2>")
    parts += [f"<p>{slots.fill(text)}</p>" for text in paragraphs[2:]]
    slots["role"] = slots.fill(rng.choice(pool["roles"]))
    parts.append(f"<p>{slots.fill(rng.choice(ATTRIBUTIONS))}</p>")
    parts.append(
        f"<blockquote><p>{slots.fill(rng.choice(pool['quotes']))}</p></blockquote>"
    )
    parts += [f"<p>{slots.fill(text)}</p>" for text in rest]
    if group != "opinion" and rng.random() < 0.35:
        parts.append(f"<h3>{rng.choice(('At a glance', 'Key facts', 'In brief'))}</h3>")
        parts.append(slots.fill(rng.choice(FACT_LISTS)))
    if group != "opinion":
        parts.append(f"<p>{slots.fill(rng.choice(CLOSERS))}</p>")
    tags = set(rng.sample(pool["tags"], rng.choice((1, 2, 2, 3, 3))))
    if rng.random() < 0.3:
        tags.add(rng.choice(TAGS))
    return ArticleText(
        headline=headline,
        seo_headline=seo,
        standfirst=slots.fill(rng.choice(pool["standfirsts"])),
        body="".join(parts),
        caption=slots.fill(rng.choice(pool["captions"])),
        credit=slots.fill(rng.choice(pool["credits"])),
        tags=sorted(tags),
    )


# Authors --------------------------------------------------------------------


@dataclass(frozen=True)
class AuthorSpec:
    name: str
    job_title: str
    location: str
    beats: tuple[str, ...]
    bio: str


AUTHORS = (
    AuthorSpec(
        "Laura Martínez",
        "Editor",
        "based in Alicante",
        (),
        "Laura Martínez has edited Costa Blanca Today since it launched. Born in "
        "Elche, she worked for regional newspapers in Valencia and Murcia before "
        "coming home to run an English-language newsroom.",
    ),
    AuthorSpec(
        "James Whitfield",
        "News editor",
        "based on the Costa Blanca",
        ("spain", "international", "costa-blanca"),
        "James Whitfield spent fifteen years on newspapers in the north of England "
        "before moving to Jávea. He runs the newsdesk and writes about everything "
        "from water shortages to residency paperwork.",
    ),
    AuthorSpec(
        "Carmen Ruiz",
        "Costa Blanca South correspondent",
        "based in Torrevieja",
        ("costa-blanca-south",),
        "Carmen Ruiz covers Alicante, Elche, Torrevieja and the towns of the Vega "
        "Baja. She grew up in Orihuela and speaks Spanish, Valencian and English.",
    ),
    AuthorSpec(
        "Tom Hargreaves",
        "Sports reporter",
        "based in Alicante",
        ("sport",),
        "Tom Hargreaves has followed Hércules CF home and away for a decade and "
        "still thinks this is their year. He also covers running, cycling and the "
        "padel boom.",
    ),
    AuthorSpec(
        "Sofía Navarro",
        "Political correspondent",
        "based in Valencia and Alicante",
        ("politics", "spain"),
        "Sofía Navarro reports on town halls, the Generalitat and the Spanish "
        "parliament, and explains how it all affects foreign residents.",
    ),
    AuthorSpec(
        "Ingrid Jansen",
        "Property and business reporter",
        "based in Jávea",
        ("property", "business"),
        "Ingrid Jansen moved to the Marina Alta from Rotterdam in 2009. She writes "
        "about house prices, rents, tourism and the local economy.",
    ),
    AuthorSpec(
        "Peter Lawson",
        "Columnist",
        "based in Altea",
        ("opinion",),
        "Peter Lawson is a retired teacher who has lived in Altea for twenty years. "
        "His weekly column looks at life on the Costa Blanca with affection and "
        "occasional exasperation.",
    ),
    AuthorSpec(
        "Elena Soler",
        "Culture editor",
        "based in Elche",
        ("culture",),
        "Elena Soler writes about fiestas, music, museums and history. She has "
        "never missed a night of the Hogueras.",
    ),
    AuthorSpec(
        "Mark Bennett",
        "Food and drink writer",
        "based in Dénia",
        ("food-drink",),
        "Mark Bennett trained as a chef in London before swapping the kitchen for "
        "a notebook. He is on a lifelong search for the perfect arroz a banda.",
    ),
    AuthorSpec(
        "Alicia Ferrer",
        "Costa Blanca North correspondent",
        "based in Benidorm",
        ("costa-blanca-north",),
        "Alicia Ferrer covers Benidorm, Altea, Calpe, Dénia and the villages of "
        "the Marina Alta and Marina Baixa.",
    ),
    AuthorSpec(
        "Hannah Clarke",
        "Reporter",
        "based on the Costa Blanca",
        ("costa-blanca", "costa-blanca-north", "international"),
        "Hannah Clarke joined Costa Blanca Today from a local radio station. She "
        "reports on health, schools, transport and residency.",
    ),
    AuthorSpec(
        "Javier Ortega",
        "Reporter and photographer",
        "based in Orihuela",
        ("costa-blanca-south", "costa-blanca"),
        "Javier Ortega reports and takes pictures across the south of the "
        "province, from the salt lakes of Torrevieja to the Vega Baja farmland.",
    ),
)
EXTRA_JOB_TITLES = (
    (
        "Reporter",
        ("costa-blanca", "costa-blanca-north", "costa-blanca-south"),
        "town halls, health, transport and the stories readers send in",
    ),
    (
        "Contributor",
        ("culture", "food-drink", "opinion"),
        "fiestas, restaurants and life on the coast",
    ),
    (
        "Business reporter",
        ("business", "property"),
        "tourism, jobs, house prices and the local economy",
    ),
    ("Sports writer", ("sport",), "football, running, sailing and padel"),
    (
        "Correspondent",
        ("spain", "international", "politics"),
        "Spanish and European politics and what they mean for residents",
    ),
)
EXTRA_LOCATIONS = tuple(f"based in {place}" for place in ALL_PLACES) + (
    "based on the Costa Blanca",
)


def author_specs(rng: random.Random, count: int, taken: set[str]) -> list[AuthorSpec]:
    """Return count author descriptions whose names are not in taken."""
    specs = [spec for spec in AUTHORS if slugify(spec.name) not in taken][:count]
    names = {slugify(spec.name) for spec in specs} | taken
    firsts = SPANISH_FIRST + FOREIGN_FIRST
    lasts = SPANISH_LAST + FOREIGN_LAST
    attempts = 0
    while len(specs) < count:
        attempts += 1
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if attempts > 2000:
            name = f"{name} {len(specs) + 1}"
        if slugify(name) in names:
            continue
        names.add(slugify(name))
        title, beats, topics = rng.choice(EXTRA_JOB_TITLES)
        location = rng.choice(EXTRA_LOCATIONS)
        bio = (
            f"{name} has written for {SITE_NAME} since {rng.randint(2012, 2023)}, "
            f"covering {topics}."
        )
        specs.append(AuthorSpec(name, title, location, beats, bio))
    return specs


def author_links(rng: random.Random, name: str) -> dict[str, str]:
    """Return a few social links for an author (most have one or two)."""
    handle = ascii_name(name).lower().replace(" ", "") + "_cbt"
    links = {
        "x_url": f"https://x.com/{handle}",
        "instagram_url": f"https://www.instagram.com/{handle}/",
        "linkedin_url": f"https://www.linkedin.com/in/{handle.replace('_', '-')}/",
        "facebook_url": f"https://www.facebook.com/{handle.replace('_', '.')}",
    }
    chosen = rng.sample(sorted(links), rng.choice((0, 1, 1, 2, 2, 3)))
    return {key: links[key] for key in chosen}


# Images ---------------------------------------------------------------------

LEAD_IMAGE_SIZE = (1600, 900)
# Who the library's demo photos are credited to.
LIBRARY_CREDITS = (
    "Laura Sánchez",
    "Image Twitter@Dust",
    "Agencia EFE",
    "Javier Ortega",
    "Reader's photo",
    "Costa Blanca Press",
)
# The newest stories' inline media: library photos, a gallery and embeds.
MEDIA_STORIES = (
    (
        "figure",
        "https://www.youtube.com/watch?v=aqz-KE-bpKQ",
        "figure",
        "gallery",
        "https://x.com/AEMET_CValencia/status/1851234567890123456",
    ),
    ("figure", "https://vimeo.com/76979871"),
    ("gallery",),
    ("figure", "https://www.instagram.com/p/C8xYz12AbCd/"),
)


@dataclass(frozen=True)
class Palette:
    sky_top: tuple[int, int, int]
    sky_bottom: tuple[int, int, int]
    sea_top: tuple[int, int, int]
    sea_bottom: tuple[int, int, int]
    sun: tuple[int, int, int]
    land: tuple[int, int, int]
    hills: tuple[int, int, int]
    when: str


PALETTES = (
    Palette(
        (92, 154, 214),
        (251, 214, 170),
        (64, 140, 170),
        (20, 72, 110),
        (255, 236, 180),
        (70, 84, 96),
        (96, 120, 84),
        "on a clear morning",
    ),
    Palette(
        (38, 120, 214),
        (170, 214, 247),
        (40, 170, 190),
        (10, 90, 140),
        (255, 252, 225),
        (120, 110, 90),
        (120, 132, 80),
        "under a bright midday sky",
    ),
    Palette(
        (62, 44, 110),
        (250, 140, 70),
        (90, 60, 110),
        (30, 30, 70),
        (255, 200, 110),
        (40, 30, 60),
        (70, 46, 80),
        "at sunset",
    ),
    Palette(
        (10, 16, 44),
        (52, 60, 120),
        (20, 28, 70),
        (6, 10, 30),
        (236, 236, 220),
        (14, 16, 34),
        (26, 30, 56),
        "at night",
    ),
    Palette(
        (70, 78, 90),
        (168, 174, 180),
        (80, 96, 104),
        (36, 48, 56),
        (220, 220, 210),
        (48, 54, 60),
        (66, 76, 70),
        "under storm clouds",
    ),
    Palette(
        (214, 190, 160),
        (246, 226, 196),
        (150, 170, 170),
        (90, 110, 120),
        (255, 244, 214),
        (150, 120, 96),
        (150, 130, 96),
        "on a hazy summer afternoon",
    ),
)
SCENES = (
    "A rocky headland rising from the sea",
    "Tower blocks along the seafront",
    "Layers of hills inland",
    "Beach umbrellas on the sand by the sea",
)


def _gradient(
    size: tuple[int, int], top: tuple[int, int, int], bottom: tuple[int, int, int]
) -> Image.Image:
    gray = Image.linear_gradient("L").resize(size)
    return ImageOps.colorize(gray, top, bottom)


def _ridge(
    rng: random.Random, width: int, base: float, amplitude: float, steps: int
) -> list[tuple[float, float]]:
    points, y = [], base
    for step in range(steps + 1):
        y = min(max(y + rng.uniform(-amplitude, amplitude), base - 3 * amplitude), base)
        points.append((width * step / steps, y))
    return points


def _shade(colour: tuple[int, int, int], amount: int) -> tuple[int, int, int]:
    return tuple(min(255, max(0, c + amount)) for c in colour)


@functools.lru_cache(maxsize=48)  # Repeated loads (tests) reuse the pool.
def lead_image(index: int, seed: int = 0) -> tuple[bytes, str]:
    """Return a 1600x900 JPEG landscape and its alt text; index picks the look."""
    rng = random.Random(seed * 1000 + index)
    palette = PALETTES[index % len(PALETTES)]
    scene = (index // len(PALETTES)) % len(SCENES)
    width, height = LEAD_IMAGE_SIZE
    horizon = int(height * rng.uniform(0.55, 0.68))
    image = _gradient((width, height), palette.sky_top, palette.sky_bottom)
    draw = ImageDraw.Draw(image)

    sun_x = rng.uniform(0.15, 0.85) * width
    sun_r = rng.uniform(40, 80)
    sun_y = horizon - rng.uniform(0.15, 0.45) * horizon
    glow = Image.new("L", (width, height), 0)
    ImageDraw.Draw(glow).ellipse(
        (
            sun_x - 2.5 * sun_r,
            sun_y - 2.5 * sun_r,
            sun_x + 2.5 * sun_r,
            sun_y + 2.5 * sun_r,
        ),
        fill=110,
    )
    image.paste(
        Image.new("RGB", (width, height), palette.sun),
        (0, 0),
        glow.filter(ImageFilter.GaussianBlur(60)),
    )
    draw.ellipse(
        (sun_x - sun_r, sun_y - sun_r, sun_x + sun_r, sun_y + sun_r), fill=palette.sun
    )

    if scene != 2:
        image.paste(
            _gradient((width, height - horizon), palette.sea_top, palette.sea_bottom),
            (0, horizon),
        )
        for _ in range(40):
            y = rng.uniform(horizon + 4, height)
            half = rng.uniform(10, 120) * (y - horizon) / (height - horizon)
            x = sun_x + rng.gauss(0, 40)
            draw.line((x - half, y, x + half, y), fill=palette.sun, width=2)

    if scene == 0:
        rock = rng.choice((0.12, 0.8)) * width
        draw.polygon(
            [
                (rock - 260, horizon),
                (rock - 120, horizon - 60),
                (rock - 40, horizon - 230),
                (rock + 60, horizon - 250),
                (rock + 140, horizon - 90),
                (rock + 300, horizon),
            ],
            fill=palette.land,
        )
        coast = _ridge(rng, width, horizon - 12, 10, 40)
        draw.polygon(
            [(0, horizon), *coast, (width, horizon)], fill=_shade(palette.land, 25)
        )
    elif scene == 1:
        x = rng.uniform(0, 60)
        lit = palette in (PALETTES[2], PALETTES[3])
        while x < width:
            w = rng.uniform(40, 110)
            central = abs(x - width / 2) < width * 0.35
            h = rng.uniform(60, 420) if central else rng.uniform(40, 200)
            draw.rectangle((x, horizon - h, x + w, horizon), fill=palette.land)
            if lit:
                for wy in range(int(horizon - h + 10), horizon - 8, 18):
                    for wx in range(int(x + 6), int(x + w - 8), 14):
                        if rng.random() < 0.35:
                            draw.rectangle(
                                (wx, wy, wx + 5, wy + 7), fill=(255, 214, 140)
                            )
            x += w + rng.uniform(4, 30)
    elif scene == 2:
        for layer in range(4):
            base = horizon - 120 + layer * 110
            colour = _shade(palette.hills, 45 - 30 * layer)
            points = _ridge(rng, width, base, 18 + 6 * layer, 30)
            draw.polygon([(0, height), *points, (width, height)], fill=colour)
        for _ in range(60):
            tx, ty = rng.uniform(0, width), rng.uniform(horizon + 150, height)
            r = rng.uniform(6, 14)
            draw.ellipse(
                (tx - r, ty - r, tx + r, ty + r), fill=_shade(palette.hills, -70)
            )
    else:
        sand_top = horizon + int((height - horizon) * 0.45)
        sand = (80, 74, 70) if palette is PALETTES[3] else (232, 208, 160)
        draw.polygon(
            [
                (0, sand_top + 30),
                (width * 0.5, sand_top),
                (width, sand_top + 20),
                (width, height),
                (0, height),
            ],
            fill=sand,
        )
        colours = ((214, 60, 50), (240, 190, 40), (40, 110, 190), (240, 240, 240))
        for _ in range(rng.randint(5, 12)):
            px = rng.uniform(40, width - 40)
            py = rng.uniform(sand_top + 60, height - 40)
            draw.line((px, py, px + 4, py - 90), fill=(90, 80, 70), width=4)
            draw.pieslice(
                (px - 70, py - 130, px + 74, py - 50),
                180,
                360,
                fill=rng.choice(colours),
            )

    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=82, optimize=True, progressive=True)
    return buffer.getvalue(), f"Illustration: {SCENES[scene]} {palette.when}."


SKIN_TONES = (
    (241, 204, 178),
    (226, 180, 146),
    (198, 146, 110),
    (160, 110, 80),
    (112, 76, 56),
    (250, 218, 196),
)
HAIR_COLOURS = (
    (40, 30, 24),
    (90, 60, 36),
    (150, 110, 60),
    (200, 170, 110),
    (120, 120, 120),
    (170, 80, 40),
)
CLOTHES = (
    (40, 60, 90),
    (120, 40, 50),
    (60, 90, 70),
    (30, 30, 34),
    (200, 200, 205),
    (90, 70, 120),
)


def _hls(hue: float, lightness: float, saturation: float) -> tuple[int, int, int]:
    return tuple(int(c * 255) for c in colorsys.hls_to_rgb(hue, lightness, saturation))


def portrait(rng: random.Random, size: int = 400) -> bytes:
    """Return a square JPEG with a head-and-shoulders silhouette."""
    hue = rng.random()
    image = _gradient((size, size), _hls(hue, 0.72, 0.45), _hls(hue, 0.55, 0.4))
    draw = ImageDraw.Draw(image)
    s = size / 400
    skin, hair = rng.choice(SKIN_TONES), rng.choice(HAIR_COLOURS)
    cx = size / 2 + rng.uniform(-12, 12) * s
    head_w, head_h, head_y = rng.uniform(60, 72) * s, rng.uniform(76, 88) * s, 175 * s
    if rng.random() < 0.45:
        draw.rounded_rectangle(
            (
                cx - head_w - 14 * s,
                head_y - head_h,
                cx + head_w + 14 * s,
                head_y + head_h + 70 * s,
            ),
            radius=int(60 * s),
            fill=hair,
        )
    draw.ellipse(
        (cx - 150 * s, 285 * s, cx + 150 * s, 520 * s), fill=rng.choice(CLOTHES)
    )
    draw.rectangle(
        (cx - 26 * s, head_y + head_h - 20 * s, cx + 26 * s, 318 * s), fill=skin
    )
    draw.pieslice((cx - 40 * s, 270 * s, cx + 40 * s, 340 * s), 0, 180, fill=skin)
    draw.ellipse(
        (cx - head_w, head_y - head_h, cx + head_w, head_y + head_h), fill=skin
    )
    if rng.random() < 0.9:
        draw.chord(
            (
                cx - head_w - 6 * s,
                head_y - head_h - 10 * s,
                cx + head_w + 6 * s,
                head_y + 0.3 * head_h,
            ),
            165,
            375,
            fill=hair,
        )
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


# Comments -------------------------------------------------------------------

COMMENT_SENTENCES = (
    "About time too.",
    "Great news, this has been needed for years.",
    "We have lived here for twelve years and it has always been a problem.",
    "Does anyone know if this also applies to the urbanisations?",
    "The money would be better spent fixing the roads.",
    "Thanks for explaining it so clearly, very useful for those of us whose "
    "Spanish is still a work in progress.",
    "Same story every summer.",
    "I was there on Saturday and it was packed.",
    "Spot on.",
    "The Spanish papers are reporting a slightly different figure.",
    "Let's see if it actually happens this time.",
    "My neighbours have been saying this for months.",
    "Well done to everyone involved.",
    "This is why we love living here.",
    "Honestly, I don't see what the fuss is about.",
    "It would be nice to have more information in English on the town hall website.",
    "Any idea when the work will finish?",
    "Please keep reporting on this.",
    "We were caught out by this last year, so thanks for the warning.",
    "Not everyone can afford these prices any more.",
    "Fair play to the volunteers.",
    "The traffic is bad enough already.",
    "Good to see some positive news for a change.",
    "It's the same in our village, nobody seems to be in charge.",
    "I hope they think about the people who live here all year round, not just "
    "the tourists.",
    "Went there last week, highly recommended.",
    "Has anyone actually tried calling the number? Nobody answers.",
    "We moved here from Leeds in 2016 and have never regretted it.",
    "Typical, they announce it in August when half the town is on holiday.",
    "Muy buena noticia, ya era hora.",
)
REPLY_SENTENCES = (
    "Exactly what I was thinking.",
    "You can ask at the town hall, they have someone who speaks English on "
    "Tuesday mornings.",
    "I think it applies to everyone on the padrón.",
    "Not quite, the article says it starts in the autumn.",
    "Agreed, but it has to start somewhere.",
    "We had the same problem, a good gestor sorted it out in a week.",
    "Thanks, that's really helpful.",
    "I rang them yesterday and they said the end of the month.",
    "Ha, you're not wrong.",
    "Same here, we gave up in the end.",
)
SPAM_BODIES = (
    "Best price villa rentals on the Costa Blanca!!! Book now at "
    "www.cheap-villas-costa.example",
    "Earn €500 a day working from home, message me on WhatsApp for details",
    "Great article. For the best crypto returns visit crypto-profits.example",
    "Cheap airport transfers Alicante, 24h, call now!!!",
    "Need a loan fast? No credit checks, instant approval: fast-cash-loans.example",
    "Hello dear, I like your article. Please visit my website for more "
    "information about weight loss.",
    "We buy any car, any condition, cash today. Visit buy-any-car.example",
)
REJECTED_BODIES = (
    "This is rubbish. The whole lot of them should be sacked.",
    "Nothing to do with the article but does anyone want to buy a fridge "
    "freezer? Message me.",
    "WHY DOES NOBODY DO ANYTHING ABOUT THIS!!!!!",
    "If you don't like it here, go back where you came from.",
    "Typical lazy journalism, you lot just copy the Spanish papers.",
    "I'm not even going to read this, the headline says it all.",
)
SPAMMER_NAMES = (
    "Cheap Villas Costa",
    "Crypto Maria",
    "Best Loans",
    "Airport Taxi 24h",
    "SEO Expert",
    "Jenny Sweet",
)
COMMENTER_FIRST = (
    "Dave",
    "Sue",
    "Graham",
    "Karen",
    "Paul",
    "Janet",
    "Steve",
    "Linda",
    "Ian",
    "Carol",
    "Martin",
    "Helen",
    "Trevor",
    "Alison",
    "Brian",
    "Lesley",
    "Pedro",
    "Marisa",
    "Javier",
    "Lucía",
    "Antonio",
    "Pilar",
    "Vicente",
    "Amparo",
    "Pieter",
    "Anneke",
    "Sven",
    "Ingrid",
    "Lars",
    "Kirsten",
    "Jürgen",
    "Heike",
    "Bram",
    "Sofie",
    "Declan",
    "Siobhán",
)
COMMENTER_LAST = (
    "Smith",
    "Jones",
    "Taylor",
    "Brown",
    "Wilson",
    "Evans",
    "Walker",
    "Hughes",
    "Roberts",
    "Wood",
    "Clarke",
    "García",
    "López",
    "Sánchez",
    "Pérez",
    "Llorca",
    "Pastor",
    "van Dijk",
    "de Vries",
    "Jansen",
    "Peeters",
    "Andersen",
    "Nilsson",
    "Larsen",
    "Müller",
    "O'Brien",
    "Murphy",
    "Kowalski",
)
USER_AGENTS = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/17.5 Safari/605.1.15",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, "
    "like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/125.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0",
    "Mozilla/5.0 (X11; Linux x86_64; rv:126.0) Gecko/20100101 Firefox/126.0",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
)
IP_PREFIXES = ("192.0.2.", "198.51.100.", "203.0.113.")

# Characters COPY's text format treats specially.
COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})
NULL = "\\N"


def copy_text(value: str) -> str:
    return value.translate(COPY_ESCAPES)


@dataclass(frozen=True)
class Commenter:
    name: str
    email: str
    ip_address: str
    user_agent: str


def commenter(rng: random.Random, number: int, spammer: bool = False) -> Commenter:
    """Return one reader with a name, an example.org email, an IP and a browser."""
    first, last = rng.choice(COMMENTER_FIRST), rng.choice(COMMENTER_LAST)
    local = f"{ascii_name(first)}.{ascii_name(last)}".lower().replace(" ", "")
    style = rng.random()
    if spammer:
        name = rng.choice(SPAMMER_NAMES)
        local = f"{ascii_name(name).lower().replace(' ', '')}{number}"
    elif style < 0.45:
        name = f"{first} {last}"
    elif style < 0.65:
        name = f"{first} {last[0]}."
    elif style < 0.75:
        name = first
    elif style < 0.88:
        name = f"{first} from {rng.choice(ALL_PLACES)}"
    else:
        name = f"{local.replace('.', '_')}{rng.randint(1, 99)}"
    if rng.random() < 0.5:
        local = f"{local}{number % 1000}"
    if rng.random() < 0.1:
        ip = f"2001:db8::{rng.randint(1, 0xFFFF):x}"
    else:
        ip = f"{rng.choice(IP_PREFIXES)}{rng.randint(1, 254)}"
    return Commenter(
        copy_text(name),
        f"{local}@example.org",
        ip,
        copy_text(rng.choice(USER_AGENTS)),
    )


def comment_bodies(
    rng: random.Random,
    sentences: Sequence[str],
    count: int,
    lengths: Sequence[int] = (1, 1, 2, 2, 3),
) -> list[str]:
    """Return count bodies of a few sentences, some in two paragraphs."""
    bodies = []
    for _ in range(count):
        picked = rng.sample(sentences, rng.choice(lengths))
        if len(picked) > 2 and rng.random() < 0.4:
            body = " ".join(picked[:2]) + "\n\n" + " ".join(picked[2:])
        else:
            body = " ".join(picked)
        bodies.append(copy_text(body))
    return bodies


# Loading --------------------------------------------------------------------


class CommentCopier:
    """Write comments with COPY, with ids reserved from the table's sequence.

    create_comments() writes the columns in FIELDS; every other column gets its
    model default, so a field added later with a default does not break the loader.
    """

    FIELDS = (
        "id",
        "article",
        "parent",
        "name",
        "email",
        "body",
        "status",
        "created_at",
        "moderated_by",
        "moderated_at",
        "ip_address",
        "user_agent",
    )

    def __init__(self, batch_size: int):
        self.batch_size = batch_size
        self.ids: deque[int] = deque()
        self.rows: list[str] = []
        given = [Comment._meta.get_field(name) for name in self.FIELDS]
        rest = [
            field
            for field in Comment._meta.concrete_fields
            if field not in given
            # Columns with only a database default are left to the database.
            and (field.has_default() or not field.has_db_default())
        ]
        self.varying = [field for field in rest if callable(field.default)]
        fixed = [field for field in rest if field not in self.varying]
        self.fixed = "".join(
            "\t" + self.text(field, field.get_default()) for field in fixed
        )
        self.columns = ", ".join(
            connection.ops.quote_name(field.column)
            for field in given + fixed + self.varying
        )

    @staticmethod
    def text(field: Field, value: object) -> str:
        value = field.get_db_prep_save(value, connection)
        if value is None:
            return NULL
        if isinstance(value, bool):
            return "t" if value else "f"
        return copy_text(str(value))

    def next_id(self) -> int:
        if not self.ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) "
                    "FROM generate_series(1, %s)",
                    [Comment._meta.db_table, self.batch_size],
                )
                self.ids.extend(row[0] for row in cursor.fetchall())
        return self.ids.popleft()

    def add(self, line: str) -> int:
        """Queue one tab-separated row of FIELDS; return how many rows were written."""
        varying = "".join(
            "\t" + self.text(field, field.get_default()) for field in self.varying
        )
        self.rows.append(f"{line}{self.fixed}{varying}\n")
        return self.flush() if len(self.rows) >= self.batch_size else 0

    def flush(self) -> int:
        """Write the queued rows in one transaction; return how many."""
        if not self.rows:
            return 0
        table = connection.ops.quote_name(Comment._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.copy_expert(
                f"COPY {table} ({self.columns}) FROM STDIN",
                io.StringIO("".join(self.rows)),
            )
        written, self.rows = len(self.rows), []
        return written


class Progress:
    """Show progress on one rewritten line on a terminal, else every tenth."""

    WIDTH = 30

    def __init__(self, out: OutputWrapper | None, label: str, total: int):
        self.out, self.label, self.total = out, label, max(total, 1)
        self.done = 0
        self.started = time.monotonic()
        self.tty = bool(out is not None and out.isatty())
        self.next_report = self.total / 10

    def advance(self, count: int) -> None:
        self.done += count
        if self.out is None:
            return
        if self.tty:
            self.out.write("\r" + self.line(), ending="")
            self.out.flush()
        elif self.done >= self.next_report and self.done < self.total:
            self.out.write(self.line())
            while self.next_report <= self.done:
                self.next_report += self.total / 10

    def finish(self) -> None:
        if self.out is None:
            return
        self.done = min(self.done, self.total)
        self.out.write(("\r" if self.tty else "") + self.line())

    def line(self) -> str:
        share = min(self.done / self.total, 1)
        bar = "#" * int(share * self.WIDTH)
        elapsed = time.monotonic() - self.started
        return (
            f"{self.label:<10} [{bar:<{self.WIDTH}}] {share:4.0%}  "
            f"{self.done:,}/{self.total:,}  {elapsed:.1f}s"
        )


@dataclass
class Summary:
    sections: int = 0
    authors: int = 0
    authors_with_photo: int = 0
    tags: int = 0
    images: int = 0
    articles: Counter = field(default_factory=Counter)
    bylines: int = 0
    tagged_items: int = 0
    comments: Counter = field(default_factory=Counter)
    replies: int = 0
    live_blogs: int = 0
    live_entries: int = 0
    seconds: float = 0.0


@dataclass
class PlannedArticle:
    status: str
    published_at: float | None
    created_at: float
    updated_at: float


def to_datetime(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@contextmanager
def explicit_timestamps(model: type[Model]) -> Iterator[None]:
    """Make auto_now and auto_now_add fields keep the values given, for a while.

    Backdating with an UPDATE after bulk_create would write every row twice
    (and every index entry, the search index included). The flags are restored
    on exit; a management command runs on one thread.
    """
    fields = [
        field
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    flags = [(field, field.auto_now, field.auto_now_add) for field in fields]
    try:
        for field in fields:
            field.auto_now = field.auto_now_add = False
        yield
    finally:
        for field, auto_now, auto_now_add in flags:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


class Slugs:
    """Hand out article slugs that are not taken yet."""

    def __init__(self, taken: Iterable[str]):
        self.taken = set(taken)
        self.last_number: dict[str, int] = {}

    def for_headline(self, headline: str) -> str:
        base = slugify(headline)[:80].rstrip("-") or "article"
        slug, number = base, self.last_number.get(base, 1)
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.last_number[base] = number
        self.taken.add(slug)
        return slug


# Live coverage: one running, one ended (DemoLoader.create_live_coverage()).
# Entries are (headline, text, key event); the first of the running one is pinned.
LIVE_RUNNING = {
    "headline": "Live: Gota fría brings flooding to the Vega Baja",
    "standfirst": (
        "Orange warnings for torrential rain across the south of the province. "
        "Updates as they come in from Orihuela, Almoradí and Torrevieja."
    ),
    "body": (
        "<p>A cold drop (DANA) over the south-east brings storms and torrential "
        "rain to the Vega Baja. Follow the latest below, and send your pictures "
        "and reports to the newsroom.</p><h2>Staying safe</h2><p>The provincial "
        "emergency service asks everyone to stay at home if they can.</p>"
        "<blockquote><p>Never drive or walk through flood water: half a metre "
        "is enough to carry a car away.</p></blockquote>"
    ),
    "entries": [
        (
            "What we know so far",
            "AEMET keeps the orange warning until midnight. "
            "Schools in Orihuela and Almoradí are closed; the AP-7 is open with "
            "delays. Call 112 for emergencies only.",
            False,
        ),
        (
            "",
            "Heavy rain has started in Pilar de la Horadada: 30 litres per "
            "square metre in the first hour.",
            False,
        ),
        (
            "Segura rises at Orihuela",
            "The river has risen a metre in two hours "
            "at the Orihuela gauge, the Segura Basin Authority says.",
            True,
        ),
        (
            "",
            "Readers in Rojales send pictures of water across the CV-905 at "
            "the roundabout by the bridge.",
            False,
        ),
        (
            "",
            "Torrevieja council asks residents to move cars out of the "
            "underground car parks on Calle Apolo.",
            False,
        ),
        (
            "CV-91 closed",
            "The Guardia Civil has closed the CV-91 between "
            "Orihuela and Almoradí. Use the CV-95.",
            True,
        ),
        (
            "",
            "Trains between Elche and Orihuela are suspended, Renfe says; "
            "buses replace them from 16:00.",
            False,
        ),
        (
            "",
            "The rain eases in Torrevieja, but AEMET expects a second band "
            "this evening.",
            False,
        ),
        (
            "Evacuation in Almoradí",
            "About 200 residents of the Heredades "
            "district are being moved to the sports centre as a precaution.",
            True,
        ),
        (
            "",
            "Red Cross volunteers are handing out blankets and hot drinks at "
            "the Almoradí sports centre.",
            False,
        ),
        (
            "",
            "No injuries reported so far, the provincial emergency service says.",
            False,
        ),
    ],
}
LIVE_ENDED = {
    "headline": "Live: Benidorm's election count, as it happened",
    "standfirst": (
        "The count in Benidorm, Altea and La Nucía from the close of polls to "
        "the last seat."
    ),
    "body": (
        "<p>Three councils of the Marina Baixa elected their mayors and "
        "councillors. The key moments are summarised above; every update of the "
        "night follows.</p><h2>What was at stake</h2><p>Benidorm's governing "
        "party defended a majority of one seat.</p><blockquote><p>Every vote "
        "counts tonight.</p></blockquote>"
    ),
    "entries": [
        (
            "Polls close",
            "Polling stations across the Marina Baixa have "
            "closed. Turnout at 18:00 was 52%, up three points.",
            True,
        ),
        ("", "The first ballot boxes arrive at the town hall in Benidorm.", False),
        (
            "",
            "In Altea, 10% counted: the two main parties level on four seats each.",
            False,
        ),
        ("", "Volunteers in La Nucía say the count there is going quickly.", False),
        (
            "Half counted",
            "With 50% counted in Benidorm, the governing party holds 13 seats of 25.",
            True,
        ),
        ("", "Turnout in Benidorm ends at 61%, the highest since 2011.", False),
        ("", "Smaller parties fight for the last seat in Altea.", False),
        (
            "",
            "Supporters gather outside the party offices on Avenida del Mediterráneo.",
            False,
        ),
        ("", "La Nucía: 90% counted, no change in the council.", False),
        (
            "Majority confirmed",
            "With 98% counted the governing party keeps its "
            "majority in Benidorm with 14 seats.",
            True,
        ),
        ("", "The mayor thanks voters and promises a new beach plan.", False),
        ("", "Altea will need a coalition: no party has a majority.", False),
        ("", "That's it from the count. Thanks for following.", False),
    ],
}


class DemoLoader:
    """Fill the database with a believable regional news site, in bulk."""

    LEAD_IMAGE_POOL = 24

    def __init__(
        self,
        *,
        seed: int = 2024,
        out: OutputWrapper | None = None,
        batch_size: int = 2000,
    ):
        self.rng = random.Random(seed)
        self.seed = seed
        self.out = out
        self.batch_size = batch_size
        self.now = timezone.now().timestamp()
        self.summary = Summary()

    def load(self, *, articles: int, comments: int, authors: int) -> Summary:
        started = time.monotonic()
        self.write("Creating sections, authors, tags and lead images…")
        with transaction.atomic():
            self.fill_site_settings()
            sections = self.create_sections()
            # Articles need someone to write them.
            author_beats = self.create_authors(max(authors, 1 if articles else 0))
            tags = self.create_tags()
            images = self.store_lead_images(min(self.LEAD_IMAGE_POOL, articles))
        self.create_articles(articles, sections, author_beats, tags, images)
        self.create_live_coverage()
        self.add_media_to_stories(images)
        self.create_comments(comments)
        self.tidy_tables()
        self.summary.seconds = time.monotonic() - started
        return self.summary

    def tidy_tables(self) -> None:
        """Refresh planner statistics and the visibility map after the bulk load.

        VACUUM cannot run inside a transaction (as in tests), so then only
        ANALYZE runs.
        """
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in (Article, Byline, TaggedItem, Comment):
                table = connection.ops.quote_name(model._meta.db_table)
                cursor.execute(f"{command} {table}")

    def write(self, message: str) -> None:
        if self.out is not None:
            self.out.write(message)

    # Site-wide things -------------------------------------------------------

    def fill_site_settings(self) -> None:
        """Give the site a name and social links unless an editor already has."""
        site, _created = SiteSettings.objects.get_or_create(pk=1)
        default_name = SiteSettings._meta.get_field("site_name").default
        customised = site.site_name != default_name or any(
            (site.call_to_action, site.contact_email, site.social_links)
        )
        if customised:
            return
        site.site_name = SITE_NAME
        site.tagline = "English-language news from Dénia to Pilar de la Horadada"
        site.call_to_action = (
            "Follow us for the latest news from the Costa Blanca, and tell us what "
            f"is happening in your town: newsdesk@{SITE_DOMAIN}."
        )
        site.facebook_url = "https://www.facebook.com/costablancatoday"
        site.instagram_url = "https://www.instagram.com/costablancatoday/"
        site.x_url = "https://x.com/costablancatoday"
        site.youtube_url = "https://www.youtube.com/@costablancatoday"
        site.contact_email = f"newsdesk@{SITE_DOMAIN}"
        site.contact_address = (
            "Costa Blanca Today\nAvenida del Mediterráneo 1, 3º\n03503 Benidorm "
            "(Alicante)\nSpain"
        )
        site.save()

    def create_sections(self) -> list[tuple[Section, SectionSpec]]:
        existing = {section.slug: section for section in Section.objects.all()}
        result = []
        for spec in SECTIONS:
            section = existing.get(spec.slug)
            if section is None:
                section = Section.objects.create(
                    name=spec.name,
                    slug=spec.slug,
                    description=spec.description,
                    menu_order=spec.menu_order,
                    parent=existing.get(spec.parent) if spec.parent else None,
                )
                existing[spec.slug] = section
                self.summary.sections += 1
            result.append((section, spec))
        return result

    def create_authors(self, count: int) -> dict[str, list[int]]:
        """Make sure count authors exist; return author ids by beat ("" = all)."""
        taken = set(Author.objects.values_list("slug", flat=True))
        specs = author_specs(self.rng, max(0, count - len(taken)), taken)
        new_authors = []
        for number, spec in enumerate(specs):
            slug = slugify(spec.name)
            author = Author(
                name=spec.name,
                slug=slug,
                job_title=spec.job_title,
                location=spec.location,
                bio=spec.bio,
                email=f"{slug.replace('-', '.')}@{SITE_DOMAIN}",
                **author_links(self.rng, spec.name),
            )
            # About a third have no photo, so the site shows initials instead.
            if number % 3 != 2:
                author.photo.save(
                    "portrait.jpg", ContentFile(portrait(self.rng)), save=False
                )
                self.summary.authors_with_photo += 1
            new_authors.append((author, spec))
        Author.objects.bulk_create([author for author, _spec in new_authors])
        self.summary.authors = len(new_authors)
        beats: dict[str, list[int]] = {
            "": list(Author.objects.values_list("id", flat=True))
        }
        for author, spec in new_authors:
            for beat in spec.beats:
                beats.setdefault(beat, []).append(author.pk)
        return beats

    def create_tags(self) -> dict[str, int]:
        existing = {tag.name.lower(): tag.pk for tag in Tag.objects.all()}
        ids = {}
        for name in TAGS:
            if name.lower() not in existing:
                existing[name.lower()] = Tag.objects.create(name=name).pk
                self.summary.tags += 1
            ids[name] = existing[name.lower()]
        return ids

    def store_lead_images(self, count: int) -> list[tuple[int, str]]:
        """Fill the media library with a small pool of photos, reused by stories.

        Return (image id, alt text) pairs. A few photos' rights expire soon, so
        the library's "expiring" filter and the admin's front page show them.
        """
        image_field = LibraryImage._meta.get_field("file")
        images = []
        for index in range(count):
            data, alt = lead_image(index, self.seed)
            name = image_field.generate_filename(None, "photo.jpg")
            image = LibraryImage(
                width=LEAD_IMAGE_SIZE[0],
                height=LEAD_IMAGE_SIZE[1],
                title=alt.rstrip(".")[:200],
                credit=LIBRARY_CREDITS[index % len(LIBRARY_CREDITS)],
                alt=alt,
                source="Demo content",
                licence="Staff photo" if index % 3 else "Agency subscription",
                rights_expire_on=(
                    timezone.localdate() + timedelta(days=10 + index)
                    if index % 3 == 0 and index < 9
                    else None
                ),
            )
            # Stored as it is: the demo's own JPEGs need no cleaning.
            image.__dict__["file"] = image_field.storage.save(name, ContentFile(data))
            images.append(image)
        LibraryImage.objects.bulk_create(images)
        self.summary.images = len(images)
        return [(image.pk, image.alt) for image in images]

    def add_media_to_stories(self, images: list[tuple[int, str]]) -> None:
        """Give the newest stories inline photos, a gallery and embeds."""
        ids = [pk for pk, _alt in images]
        if len(ids) < 6:
            return
        stories = list(
            Article.objects.published()
            .filter(coverage_started_at=None)
            .order_by("-published_at")[: len(MEDIA_STORIES)]
        )
        for story, kinds in zip(stories, MEDIA_STORIES, strict=False):
            blocks = []
            for number, kind in enumerate(kinds):
                if kind == "figure":
                    pk = ids[(story.pk + number) % len(ids)]
                    blocks.append(f'<figure data-image-id="{pk}"></figure>')
                elif kind == "gallery":
                    chosen = ",".join(
                        str(ids[(story.pk + n) % len(ids)]) for n in range(4)
                    )
                    blocks.append(
                        f'<figure data-gallery="{chosen}" '
                        'data-caption="More photos from the scene."></figure>'
                    )
                else:
                    blocks.append(f'<figure data-embed="{kind}"></figure>')
            paragraphs = story.body.split("</p>")
            middle = max(1, len(paragraphs) // 2)
            story.body = "</p>".join(
                paragraphs[:middle]
                + ["".join(blocks) + paragraphs[middle]]
                + paragraphs[middle + 1 :]
            )
        Article.objects.bulk_update(stories, ["body"])

    # Articles ---------------------------------------------------------------

    def plan_articles(self, count: int) -> list[PlannedArticle]:
        """Return statuses and timestamps, oldest first, so ids follow time."""
        rng, now = self.rng, self.now
        scheduled = drafts = in_review = 0
        if count >= 10:
            scheduled = min(3, count // 10)
            drafts = min(60, max(1, round(count * 0.03)))
            in_review = min(30, max(1, round(count * 0.02)))
        published = count - scheduled - drafts - in_review
        times = [now - rng.uniform(300, 6 * HOUR) for _ in range(min(published, 6))]
        for _ in range(published - len(times)):
            day = now - 730 * DAY * rng.random() ** 1.6
            # Most stories go out during Spanish working hours.
            moment = day - day % DAY + rng.uniform(5.5 * HOUR, 20.5 * HOUR)
            times.append(
                moment if moment < now - 600 else now - rng.uniform(600, 5 * HOUR)
            )
        times.sort()
        plan = []
        for published_at in times:
            edited = published_at + rng.uniform(0.5 * HOUR, 3 * DAY)
            plan.append(
                PlannedArticle(
                    Article.Status.PUBLISHED,
                    published_at,
                    published_at - rng.uniform(20 * 60, 30 * HOUR),
                    min(now, edited) if rng.random() < 0.2 else published_at,
                )
            )
        for status, number, age in (
            (Article.Status.DRAFT, drafts, 21 * DAY),
            (Article.Status.IN_REVIEW, in_review, 4 * DAY),
        ):
            for created in sorted(now - rng.uniform(HOUR, age) for _ in range(number)):
                updated = created + (now - created) * rng.random() ** 2
                plan.append(PlannedArticle(status, None, created, updated))
        for _ in range(scheduled):
            at = math.ceil((now + rng.uniform(2 * HOUR, 3 * DAY)) / 900) * 900
            created = now - rng.uniform(2 * HOUR, 3 * DAY)
            updated = now - rng.uniform(60, 2 * HOUR)
            plan.append(
                PlannedArticle(
                    Article.Status.PUBLISHED, at, created, max(created, updated)
                )
            )
        return plan

    def create_articles(
        self,
        count: int,
        sections: list[tuple[Section, SectionSpec]],
        author_beats: dict[str, list[int]],
        tags: dict[str, int],
        images: list[tuple[str, str]],
    ) -> None:
        if count <= 0:
            return
        rng = self.rng
        slugs = Slugs(Article.objects.values_list("slug", flat=True))
        slugs.taken.update(PreviousSlug.objects.values_list("slug", flat=True))
        author_names = dict(Author.objects.values_list("id", "name"))
        content_type = ContentType.objects.get_for_model(Article)
        weights = [spec.weight for _section, spec in sections]
        plan = self.plan_articles(count)
        progress = Progress(self.out, "Articles", count)
        for start in range(0, count, self.batch_size):
            batch = plan[start : start + self.batch_size]
            articles, bylines, tag_ids = [], [], []
            for item in batch:
                section, spec = rng.choices(sections, weights)[0]
                beat = author_beats.get(spec.slug, ())
                pool = beat if beat and rng.random() < 0.6 else author_beats[""]
                writers = [rng.choice(pool)]
                second = rng.choice(author_beats[""])
                if rng.random() < 0.15 and second != writers[0]:
                    writers.append(second)
                text = write_article(
                    rng,
                    rng.choice(spec.groups),
                    spec.places,
                    author_names[writers[0]],
                )
                image_id, alt = (
                    rng.choice(images) if rng.random() < 0.92 else (None, "")
                )
                articles.append(
                    Article(
                        headline=text.headline,
                        seo_headline=text.seo_headline,
                        slug=slugs.for_headline(text.headline),
                        standfirst=text.standfirst,
                        body=text.body,
                        lead_image_id=image_id,
                        lead_image_caption=text.caption if image_id else "",
                        section=section,
                        status=item.status,
                        published_at=(
                            to_datetime(item.published_at)
                            if item.published_at
                            else None
                        ),
                        comments_open=rng.random() < 0.92,
                        created_at=to_datetime(item.created_at),
                        updated_at=to_datetime(item.updated_at),
                    )
                )
                bylines.append(writers)
                tag_ids.append([tags[name] for name in text.tags])
            with transaction.atomic(), explicit_timestamps(Article):
                Article.objects.bulk_create(articles)
                Byline.objects.bulk_create(
                    Byline(article_id=article.pk, author_id=author, position=position)
                    for article, writers in zip(articles, bylines, strict=True)
                    for position, author in enumerate(writers)
                )
                tagged = TaggedItem.objects.bulk_create(
                    TaggedItem(
                        tag_id=tag, content_type=content_type, object_id=article.pk
                    )
                    for article, ids in zip(articles, tag_ids, strict=True)
                    for tag in ids
                )
            self.summary.bylines += sum(len(writers) for writers in bylines)
            self.summary.tagged_items += len(tagged)
            for item in batch:
                key = item.status
                if key == Article.Status.PUBLISHED and item.published_at > self.now:
                    key = "scheduled"
                self.summary.articles[key] += 1
            reset_queries()  # DEBUG keeps every query, and these are large.
            progress.advance(len(batch))
        progress.finish()

    # Live coverage ----------------------------------------------------------

    def create_live_coverage(self) -> None:
        """Turn the newest published article into running live coverage and
        one published days ago into ended coverage, with their updates."""
        now = self.now
        published = (
            Article.objects.published()
            .filter(coverage_started_at__isnull=True)
            .order_by("-published_at", "-id")
        )
        running = published.first()
        if running is None:
            return
        ended = (
            published.exclude(pk=running.pk)
            .filter(published_at__lte=to_datetime(now - DAY))
            .first()
        ) or published.exclude(pk=running.pk).first()
        slugs = Slugs(Article.objects.values_list("slug", flat=True))
        plans = [(running, LIVE_RUNNING, None)]
        if ended is not None:
            plans.append((ended, LIVE_ENDED, 5 * HOUR))
        entries = []
        for article, text, length in plans:
            started = article.published_at.timestamp()
            finish = now - 120 if length is None else min(now - 60, started + length)
            author = (
                Byline.objects.filter(article=article)
                .order_by("position")
                .values_list("author", flat=True)
                .first()
            )
            count = len(text["entries"])
            times = [
                started + (finish - started) * (number + 1) / (count + 1)
                for number in range(count)
            ]
            for number, ((headline, body, key), moment) in enumerate(
                zip(text["entries"], times, strict=True)
            ):
                entries.append(
                    LiveEntry(
                        article=article,
                        author_id=author,
                        headline=headline,
                        body=f"<p>{body}</p>",
                        is_key_event=key,
                        is_pinned=length is None and number == 0,
                        created_at=to_datetime(moment),
                    )
                )
            # Bulk, as the rest of the loader: no version, no page-cache work
            # per row (the loader's callers start from an empty cache).
            Article.objects.filter(pk=article.pk).update(
                headline=text["headline"],
                seo_headline="",
                slug=slugs.for_headline(text["headline"]),
                standfirst=text["standfirst"],
                body=text["body"],
                coverage_started_at=to_datetime(started),
                coverage_ended_at=None if length is None else to_datetime(finish),
                content_updated_at=to_datetime(times[-1]),
            )
        # Oldest first, so ids follow time.
        entries.sort(key=lambda entry: entry.created_at)
        LiveEntry.objects.bulk_create(entries)
        self.summary.live_blogs = len(plans)
        self.summary.live_entries = len(entries)

    # Comments ---------------------------------------------------------------

    def create_comments(self, count: int) -> None:
        """Spread comments over published articles, written with COPY for speed."""
        if count <= 0:
            return
        rng, now = self.rng, self.now
        targets = list(
            Article.objects.published()
            .filter(comments_open=True)
            .order_by("id")
            .values_list("id", "published_at")
        )
        if not targets:
            self.write("No published articles accept comments; skipping comments.")
            return
        # A heavy tail (a few articles draw hundreds) and fresher news draws more.
        weights = []
        for _id, published_at in targets:
            age_days = (now - published_at.timestamp()) / DAY
            boost = 1 + 4 * math.exp(-age_days / 10)
            weights.append(min(rng.paretovariate(1.2), 60) * boost)
        per_article = Counter(rng.choices(range(len(targets)), weights, k=count))

        readers = [commenter(rng, n) for n in range(min(5000, max(50, count // 15)))]
        spammers = [commenter(rng, n, spammer=True) for n in range(30)]
        bodies = comment_bodies(rng, COMMENT_SENTENCES, 2000)
        replies = comment_bodies(rng, REPLY_SENTENCES, 100, lengths=(1, 1, 2))
        spam = [copy_text(body) for body in SPAM_BODIES]
        abuse = [copy_text(body) for body in REJECTED_BODIES]
        # Make sure every state appears even in a tiny demo.
        forced = deque(
            [
                Comment.Status.APPROVED,
                Comment.Status.PENDING,
                Comment.Status.REJECTED,
                Comment.Status.SPAM,
            ]
        )
        copier = CommentCopier(self.batch_size * 5)
        progress = Progress(self.out, "Comments", count)
        for index, (article_id, published_at) in enumerate(targets):
            number = per_article.get(index)
            if not number:
                continue
            start = published_at.timestamp()
            window = max(now - 60 - start, 0)
            offsets = []
            for _ in range(number):
                offset = rng.expovariate(1 / (8 * HOUR))
                offsets.append(offset if offset < window else rng.random() * window)
            offsets.sort()
            parents: list[tuple[int, float, str]] = []
            for offset in offsets:
                created = start + offset
                recent = now - created < 2 * DAY
                comment_id = copier.next_id()
                parent_id = None
                if parents and rng.random() < 0.18:
                    parent_id, parent_created, parent_name = rng.choice(parents)
                    created = max(created, parent_created + 30)
                    if created >= now:
                        created = (parent_created + now) / 2
                    reader = rng.choice(readers)
                    body = rng.choice(replies)
                    if rng.random() < 0.3:
                        body = f"@{parent_name.split()[0]} {body}"
                    roll = rng.random()
                    if roll < (0.3 if recent else 0.02):
                        status = Comment.Status.PENDING
                    elif roll < 0.96:
                        status = Comment.Status.APPROVED
                    else:
                        status = Comment.Status.REJECTED
                    self.summary.replies += 1
                else:
                    roll = rng.random()
                    if forced:
                        status = forced.popleft()
                    elif roll < 0.07:
                        status = Comment.Status.SPAM
                    elif roll < 0.11:
                        status = Comment.Status.REJECTED
                    elif roll < (0.4 if recent else 0.12):
                        status = Comment.Status.PENDING
                    else:
                        status = Comment.Status.APPROVED
                    if status == Comment.Status.SPAM:
                        reader, body = rng.choice(spammers), rng.choice(spam)
                    else:
                        reader = rng.choice(readers)
                        if status == Comment.Status.REJECTED and rng.random() < 0.7:
                            body = rng.choice(abuse)
                        else:
                            body = rng.choice(bodies)
                    if status == Comment.Status.APPROVED:
                        parents.append((comment_id, created, reader.name))
                moderated = NULL
                if status != Comment.Status.PENDING:
                    moderated = to_datetime(
                        min(now, created + rng.uniform(300, 12 * HOUR))
                    ).isoformat()
                progress.advance(
                    copier.add(
                        f"{comment_id}\t{article_id}\t{parent_id or NULL}\t"
                        f"{reader.name}\t{reader.email}\t{body}\t{status}\t"
                        f"{to_datetime(created).isoformat()}\t{NULL}\t{moderated}\t"
                        f"{reader.ip_address}\t{reader.user_agent}"
                    )
                )
                self.summary.comments[status] += 1
        progress.advance(copier.flush())
        progress.finish()
