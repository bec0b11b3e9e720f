"""The demo site's words: places, sections, tags, article texts, authors, comments.

Everything is built from small templates with a seeded random.Random (the
loader's), so the same seed gives the same texts.
"""

import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.text import slugify

SITE_NAME = "Costa Blanca Today"
SITE_DOMAIN = "costablancatoday.example"

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


# Library photos -------------------------------------------------------------

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


# Live coverage --------------------------------------------------------------

# One running, one ended (DemoLoader.create_live_coverage()).
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
