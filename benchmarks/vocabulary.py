"""Word lists for the synthetic catalog: podcast-like topics, people, places, brands.

Written as a podcast network's back catalog reads, not from the seed episode: each domain lists
the subjects its shows come back to. Some overlap with any health episode ("depression", "brain",
"dopamine", "sleep") is what a real catalog has. Names are drawn from a few hundred first and
last names plus invented surnames, labs, brands and compounds, so the vocabulary keeps growing with
the catalog (see synthetic.py).
"""

from __future__ import annotations


def _lines(text: str) -> list[str]:
    return [t.strip() for t in text.strip().splitlines() if t.strip()]


def _items(text: str) -> list[str]:
    return [t.strip() for t in text.replace("\n", ",").split(",") if t.strip()]


# domain -> subjects (titles use them capitalised, summaries in lower case)
DOMAINS: dict[str, list[str]] = {
    "health": _items("""
        blood pressure, cholesterol, heart disease, insulin resistance, type 2 diabetes, metabolic health,
        inflammation, gut microbiome, immune system, longevity, aging, cancer screening, chronic pain,
        back pain, migraines, allergies, autoimmune disease, thyroid, hormones, testosterone, estrogen,
        menopause, fertility, pregnancy, vitamin D, magnesium, iron deficiency, omega-3 fatty acids,
        supplements, blood sugar, continuous glucose monitors, liver health, kidney function,
        cardiovascular fitness, VO2 max, zone 2 training, hypertension, stroke, dementia, Alzheimer's disease,
        Parkinson's disease, skin health, sunlight exposure, cold exposure, sauna, heat shock proteins,
        breathing, nasal breathing, posture, eye health, hearing loss, dental health, vaccines,
        antibiotics, infections, long COVID, fasting, time-restricted eating, ketosis, weight loss,
        obesity, GLP-1 drugs, statins, blood tests, biomarkers, wearables, heart rate variability,
        resting heart rate, cortisol, stress hormones, adrenaline, melatonin, sleep apnea, insomnia,
        circadian rhythm, jet lag, shift work, naps, caffeine, alcohol, smoking, vaping, cannabis,
        nicotine, hydration, electrolytes, sodium, potassium, creatine, protein intake, collagen,
        bone density, osteoporosis, mobility, flexibility, injury recovery, physical therapy,
        concussions, headaches, fatigue, burnout, preventive medicine, primary care, medical errors,
        clinical trials, placebo effect, epidemiology, public health, air quality, microplastics,
        endocrine disruptors, sunscreen, red light therapy, hyperbaric oxygen, acupuncture
    """),
    "mind": _items("""
        depression, anxiety, panic attacks, trauma, grief, loneliness, self-esteem, motivation,
        procrastination, focus, attention, ADHD, memory, learning, dopamine,
        serotonin, oxytocin, norepinephrine, GABA, the prefrontal cortex, the amygdala, the hippocampus,
        the nervous system, the vagus nerve, brain health, brain fog, mental health, therapy,
        cognitive behavioral therapy, mindfulness, meditation, breathwork, journaling, gratitude,
        resilience, habits, willpower, addiction, compulsive behavior, social media use, screen time,
        dreams, REM sleep, deep sleep, sleep quality, creativity, flow states, emotions, emotional
        regulation, anger, fear, shame, happiness, well-being, meaning, purpose, identity, personality,
        introversion, confidence, decision making, cognitive biases, intuition, intelligence,
        childhood development, adolescence, attachment styles, eating disorders,
        schizophrenia, psychedelics, psilocybin, MDMA, LSD, ayahuasca,
        SSRIs, lithium, psychiatry, psychotherapy, hypnosis, placebo, pain perception, stress,
        chronic stress, nervous system regulation, visualization, goal setting, rewards, pleasure,
        boredom, curiosity, empathy, compassion, forgiveness, perfectionism, imposter syndrome,
        neurofeedback, brain imaging, neurons, synapses, neurotransmitters, hormones and mood,
        sleep deprivation, mental performance, cognitive decline, neurodegeneration
    """),
    "nutrition": _items("""
        protein, carbohydrates, dietary fat, fiber, sugar, artificial sweeteners, seed oils, olive oil,
        red meat, processed food, ultra-processed food, plant-based diets, vegan diets, the carnivore diet,
        the Mediterranean diet, the ketogenic diet, intermittent fasting, calorie counting, metabolism,
        appetite, hunger hormones, leptin, ghrelin, satiety, cravings, food addiction, meal timing,
        breakfast, snacking, coffee, tea, green tea, energy drinks, alcohol, wine, fermented foods,
        probiotics, prebiotics, polyphenols, antioxidants, berries, leafy greens, eggs, dairy, gluten,
        lactose intolerance, food allergies, food labels, organic food, pesticides, farming,
        regenerative agriculture, food prices, home cooking, meal prep, restaurants, nutrition science,
        nutrition myths, dietary guidelines, sports nutrition, hydration, salt, micronutrients,
        vitamin B12, folate, zinc, iodine, fish oil, spices, turmeric, chocolate, nuts, beans,
        whole grains, bread, rice, potatoes, fruit juice, smoothies, soda, portion sizes, weight gain,
        body composition, muscle protein synthesis, amino acids, leucine, glycogen, ketones
    """),
    "fitness": _items("""
        strength training, resistance training, hypertrophy, muscle growth, endurance, running,
        marathon training, cycling, swimming, rowing, hiking, walking, sprinting, interval training,
        HIIT, zone 2 cardio, VO2 max, mobility work, stretching, yoga, pilates, CrossFit, powerlifting,
        Olympic lifting, kettlebells, bodyweight training, calisthenics, warm-ups, recovery,
        rest days, overtraining, soreness, injuries, tendons, knees, shoulders, lower back, grip strength,
        balance, agility, speed, power, athletic performance, coaching, programming, periodization,
        training volume, training intensity, progressive overload, deadlifts, squats, bench press,
        pull-ups, push-ups, core training, posture, foot health, running shoes, heart rate zones,
        lactate threshold, altitude training, heat training, cold plunges, massage, foam rolling,
        sleep and performance, youth sports, aging athletes, martial arts, boxing, jiu-jitsu,
        climbing, skiing, surfing, tennis, golf, basketball, soccer, football, baseball, triathlon,
        ultramarathons, team sports, mental toughness, competition, sports psychology, doping,
        performance enhancing drugs, steroids, fitness trackers, home gyms, exercise and mood
    """),
    "business": _items("""
        startups, fundraising, venture capital, angel investing, product market fit, growth,
        marketing, branding, sales, pricing, negotiation, hiring, firing, company culture, leadership,
        management, remote work, productivity, meetings, strategy, competition, moats, network effects,
        e-commerce, retail, supply chains, manufacturing, logistics, customer service, customer retention,
        subscriptions, advertising, social media marketing, content creation, the creator economy,
        newsletters, podcasting, franchising, small business, family business, mergers and acquisitions,
        IPOs, private equity, bootstrapping, cash flow, profitability, unit economics, layoffs,
        burnout at work, career change, side projects, entrepreneurship, founders, cofounders,
        board meetings, investors, pitch decks, failure, pivots, scaling, operations, outsourcing,
        freelancing, consulting, public speaking, storytelling, communication, feedback, mentorship,
        decision making at work, corporate governance, ethics in business, business books, real estate,
        commercial real estate, restaurants, hospitality, travel industry, airlines, the auto industry,
        luxury brands, fashion, sneakers, consumer brands, direct to consumer, partnerships, licensing
    """),
    "money": _items("""
        personal finance, budgeting, saving, debt, credit cards, student loans, mortgages, housing market,
        rent, retirement, index funds, stocks, bonds, dividends, real estate investing, crypto,
        bitcoin, ethereum, stablecoins, inflation, interest rates, the Federal Reserve, recessions,
        unemployment, wages, the labor market, taxes, tax policy, inequality, wealth, billionaires,
        hedge funds, trading, day trading, options, market bubbles, financial crises, the 2008 crisis,
        banking, bank runs, central banks, monetary policy, fiscal policy, government debt, tariffs,
        trade wars, globalization, emerging markets, currencies, the dollar, gold, commodities, oil prices,
        energy markets, insurance, pensions, social security, financial advisors, behavioral finance,
        risk, diversification, compound interest, frugality, financial independence, early retirement,
        generational wealth, inheritance, philanthropy, economic growth, productivity growth, GDP,
        economic history, the Great Depression, supply and demand, price controls, housing policy,
        minimum wage, universal basic income, gig economy, venture debt, fintech, payments, fraud
    """),
    "tech": _items("""
        artificial intelligence, machine learning, large language models, chatbots, neural networks,
        deep learning, robotics, self-driving cars, electric vehicles, batteries, semiconductors, chips,
        cloud computing, data centers, open source, programming, software engineering, cybersecurity,
        hacking, privacy, encryption, surveillance, social networks, smartphones, apps, app stores,
        the internet, search engines, online advertising, recommendation algorithms, misinformation,
        content moderation, virtual reality, augmented reality, the metaverse, video games, gaming,
        esports, streaming, blockchain, web3, quantum computing, 3D printing, drones, satellites,
        space launch, rockets, brain computer interfaces, wearable tech, smart homes, the internet of things,
        big tech, antitrust, tech regulation, digital identity, passwords, ransomware, data breaches,
        tech layoffs, Silicon Valley, tech history, personal computers, the iPhone, startups in AI,
        AI safety, AI alignment, automation, jobs and AI, computer vision, speech recognition,
        translation, coding assistants, developer tools, databases, algorithms, computer science education,
        gadgets, product design, user experience, hardware, networking, 5G, fiber internet, energy use of AI
    """),
    "science": _items("""
        black holes, dark matter, dark energy, the Big Bang, cosmology, exoplanets, Mars, the Moon,
        the solar system, asteroids, comets, telescopes, the James Webb telescope, space exploration,
        astronauts, gravity, relativity, quantum mechanics, particle physics, the Higgs boson, string theory,
        time, entropy, thermodynamics, chemistry, materials science, nuclear fusion, nuclear power,
        renewable energy, solar power, wind power, climate change, carbon emissions, carbon capture,
        extreme weather, hurricanes, wildfires, droughts, oceans, coral reefs, glaciers, sea level rise,
        biodiversity, extinction, evolution, natural selection, genetics, DNA, gene editing, CRISPR,
        stem cells, cloning, viruses, bacteria, pandemics, vaccines research, the origin of life,
        astrobiology, animal behavior, animal intelligence, octopuses, birds, insects, bees, whales,
        dinosaurs, fossils, human evolution, Neanderthals, geology, volcanoes, earthquakes, plate tectonics,
        mathematics, prime numbers, statistics, probability, the scientific method, peer review,
        the replication crisis, science communication, laboratories, scientific discovery, inventions,
        physics of everyday life, light, sound, color, electricity, magnetism, the periodic table
    """),
    "history": _items("""
        ancient Rome, ancient Greece, ancient Egypt, the Persian Empire, Alexander the Great, Julius Caesar,
        the fall of Rome, the Byzantine Empire, the Vikings, the Crusades, the Middle Ages, the Black Death,
        the Mongol Empire, Genghis Khan, the Ottoman Empire, the Renaissance, the Reformation,
        the age of exploration, the Aztecs, the Incas, the Maya, colonialism, the slave trade,
        the American Revolution, the French Revolution, Napoleon, the Industrial Revolution,
        the Civil War, Abraham Lincoln, the British Empire, the Russian Revolution, World War I,
        World War II, the Holocaust, the Cold War, the Cuban Missile Crisis, the Space Race,
        the Vietnam War, the civil rights movement, the fall of the Berlin Wall, the Soviet Union,
        ancient China, the Silk Road, samurai, feudal Japan, the Qing dynasty, the partition of India,
        the history of medicine, the history of science, the history of money, the history of food,
        pirates, espionage, assassinations, presidents, kings and queens, empires, revolutions,
        famous battles, military strategy, propaganda, archaeology, lost cities, shipwrecks,
        myths and legends, religion in history, the printing press, the history of writing,
        historical mysteries, dynasties, trade routes, plagues, famines, migrations, frontier life
    """),
    "culture": _items("""
        movies, film directors, screenwriting, television, streaming series, comedy, stand-up comedy,
        music, hip hop, jazz, rock music, classical music, songwriting, music production, concerts,
        albums, books, novels, poetry, writing, publishing, literature, art, painting, photography,
        architecture, design, fashion history, celebrity culture, fame, awards shows, theater,
        animation, comics, superheroes, science fiction, fantasy, horror, video game culture,
        internet culture, memes, influencers, fandoms, nostalgia, pop culture, the 1980s, the 1990s,
        sports culture, food culture, travel, cities, language, slang, humor, friendship, dating,
        marriage, divorce, parenting, fatherhood, motherhood, family, siblings, education, college,
        schools, teachers, religion, spirituality, philosophy, stoicism, ethics, free will,
        consciousness, death, aging gracefully, rituals, holidays, generations, Gen Z, millennials,
        masculinity, femininity, relationships, love, sex, trust, conflict, forgiveness in families,
        community, volunteering, minimalism, home life, pets, dogs, cats, gardening, hobbies
    """),
    "society": _items("""
        elections, democracy, polarization, free speech, censorship, the Supreme Court, the Constitution,
        immigration, border policy, policing, criminal justice, prisons, gun policy, healthcare policy,
        education policy, climate policy, energy policy, foreign policy, geopolitics, China, Russia,
        Ukraine, the Middle East, Europe, the European Union, NATO, the United Nations, diplomacy,
        war, terrorism, nuclear weapons, intelligence agencies, the CIA, corruption, lobbying,
        campaign finance, media, journalism, news, local news, public opinion, polling, protests,
        social movements, human rights, poverty, homelessness, housing crisis, urban planning,
        transportation, public transit, infrastructure, rural life, small towns, agriculture policy,
        labor unions, workers, automation and jobs, welfare, the safety net, philanthropy, nonprofits,
        religion and politics, identity politics, populism, authoritarianism, propaganda today,
        conspiracy theories, trust in institutions, the legal system, lawsuits, privacy law,
        drug policy, the opioid crisis, addiction policy, public health policy, population decline,
        birth rates, aging societies, the future of work, global cooperation, conflict resolution
    """),
    "crime": _items("""
        murder, serial killers, cold cases, missing persons, kidnapping, bank robbery, heists, fraud,
        con artists, scams, Ponzi schemes, cults, organized crime, the mafia, cartels, drug trafficking,
        smuggling, art theft, forgery, cybercrime, identity theft, wrongful convictions, trials,
        juries, detectives, forensic science, DNA evidence, fingerprints, autopsies, interrogations,
        confessions, witnesses, informants, undercover agents, the FBI, prison escapes, death row,
        true crime ethics, victims, survivors, families of victims, stalking, poisonings, arson,
        white collar crime, embezzlement, insider trading, corruption cases, police misconduct,
        unsolved mysteries, disappearances, hoaxes, impostors, courtroom drama, appeals, pardons,
        the justice system, crime statistics, crime labs, profiling, motive, alibis, evidence
    """),
}

# Subjects that naturally sit side by side in one show: a chapter of one often borrows from the other.
RELATED = {
    "health": ["mind", "nutrition", "fitness"],
    "mind": ["health", "culture", "fitness"],
    "nutrition": ["health", "fitness"],
    "fitness": ["health", "nutrition", "mind"],
    "business": ["money", "tech", "culture"],
    "money": ["business", "society", "history"],
    "tech": ["business", "science", "society"],
    "science": ["tech", "health", "history"],
    "history": ["society", "culture", "crime"],
    "culture": ["society", "history", "mind"],
    "society": ["money", "history", "crime"],
    "crime": ["society", "history", "culture"],
}

# How chapter titles are phrased. {a} {b} {c}: subjects; {p}: a person; {o}: an organisation; {x}: a coined name.
TITLE_TEMPLATES = _lines("""
    {A}
    {A} & {B}
    {A}, {B} & {C}
    {A}; {B}
    How {A} Affects {B}
    {A} and {B}
    The Science of {A}
    {A}: Myths & Facts
    Tools for {A}
    Why {A} Matters
    {A} vs. {B}
    {Adj} {A}
    {Adj} {A} & {B}
    The History of {A}
    {A} & the Role of {B}
    {P} on {A}
    Protocols: {A} & {B}
    {A} in Practice
    Case Study: {O} & {A}
    {A}, {B}; {Adj} {C}
    Lessons from {P}
    What Research Says About {A}
    {A}: Risks & Benefits
    {A} & {B}: {Adj} Approaches
    The Future of {A}
    Common Mistakes with {A}
    {A} for Beginners
    {Adj} Questions on {A}
""")

SUMMARY_TEMPLATES = _lines("""
    {p} explains how {a} relates to {b}, and what that means for {aud}.
    A look at {a} and {b}, and the research behind {c}.
    Why {a} changes {b}, with examples from {o}.
    The story of {p}, who worked on {a} at {o} in {year}.
    What the evidence says about {a}, where it is strong and where it is {adjl}.
    How {aud} can think about {a}, {b} and {c}.
    {p} and the host discuss {a}, {adjl} {b}, and why {c} gets overlooked.
    {a} in {place}: what happened, and what it taught {aud} about {b}.
    A {adjl} framework for {a}, plus practical steps for {b}.
    Listener questions on {a} and {b}, answered with {adjl} detail.
    The link between {a} and {b}, from early studies at {o} to today.
    Misconceptions about {a}, and what {p} recommends instead.
    {p} shares a personal story about {a} and {b}.
    How {a} developed, the people behind it, and its effect on {c}.
    Numbers behind {a}: costs, trade-offs and {adjl} surprises.
    Where {a} meets {b}, and the {adjl} questions that remain open.
    The basics of {a} for {aud}, including {b} and {c}.
    A debate on {a}: {p} argues for {adjl} {b}.
    Results from the {x} trial on {a}, and what they mean for {b}.
    {p} on {x}, a {adjl} approach to {a}.
    How {x} from {o} is changing {a}.
    {p} and {x} on {a} and {b}.
""")

ADJECTIVES = _items("""
    practical, hidden, surprising, common, modern, ancient, simple, radical, new, old, early, late,
    strange, rare, overlooked, controversial, essential, quick, slow, long-term, short-term, daily,
    weekly, personal, global, local, public, private, social, physical, mental, emotional, chemical,
    biological, financial, political, cultural, historical, scientific, technical, ethical, legal,
    real, hard, soft, big, small, unexpected, counterintuitive, underrated, overrated, effective,
    costly, cheap, risky, safe, dangerous, healthy, sustainable, extreme, moderate, optimal,
    natural, artificial, digital, human, animal, urban, rural, young, elderly, elite, everyday
""")

AUDIENCES = _items("""
    parents, athletes, students, founders, investors, listeners, beginners, older adults, teenagers,
    teachers, doctors, patients, managers, employees, writers, artists, researchers, policymakers,
    couples, families, runners, lifters, coaches, engineers, designers, voters, readers, gamers,
    shift workers, travelers, new parents, small business owners, retirees, everyone
""")

FIRST_NAMES = _items("""
    James, Mary, Robert, Patricia, John, Jennifer, Michael, Linda, David, Elizabeth, William, Barbara,
    Richard, Susan, Joseph, Jessica, Thomas, Sarah, Charles, Karen, Christopher, Lisa, Daniel, Nancy,
    Matthew, Betty, Anthony, Sandra, Mark, Margaret, Donald, Ashley, Steven, Kimberly, Andrew, Emily,
    Paul, Donna, Joshua, Michelle, Kenneth, Carol, Kevin, Amanda, Brian, Melissa, George, Deborah,
    Timothy, Stephanie, Ronald, Dorothy, Jason, Rebecca, Edward, Sharon, Jeffrey, Laura, Ryan, Cynthia,
    Jacob, Amy, Gary, Kathleen, Nicholas, Angela, Eric, Shirley, Jonathan, Brenda, Stephen, Emma,
    Larry, Anna, Justin, Pamela, Scott, Nicole, Brandon, Samantha, Benjamin, Katherine, Samuel, Christine,
    Gregory, Helen, Alexander, Debra, Patrick, Rachel, Frank, Carolyn, Raymond, Janet, Jack, Maria,
    Dennis, Olivia, Jerry, Heather, Tyler, Diane, Aaron, Julie, Jose, Joyce, Adam, Victoria, Nathan,
    Ruth, Henry, Virginia, Zachary, Lauren, Douglas, Kelly, Peter, Christina, Kyle, Joan, Noah, Evelyn,
    Ethan, Judith, Jeremy, Andrea, Walter, Hannah, Christian, Megan, Keith, Cheryl, Roger, Jacqueline,
    Terry, Martha, Austin, Madison, Sean, Teresa, Gerald, Gloria, Carl, Sara, Harold, Janice, Dylan,
    Ann, Arthur, Kathryn, Lawrence, Abigail, Jordan, Sophia, Jesse, Frances, Bryan, Jean, Billy,
    Alice, Bruce, Judy, Gabriel, Isabella, Joe, Julia, Logan, Grace, Alan, Amber, Juan, Denise,
    Albert, Danielle, Willie, Marilyn, Elijah, Beverly, Wayne, Charlotte, Randy, Natalie, Vincent,
    Theresa, Mason, Diana, Roy, Brittany, Ralph, Doris, Bobby, Kayla, Russell, Alexis, Bradley, Lori,
    Philip, Marie, Eugene, Priya, Wei, Aiko, Mateo, Sofia, Lucas, Amara, Kwame, Ingrid, Lars, Yuki,
    Omar, Fatima, Ravi, Mei, Diego, Chiara, Hugo, Elif, Nikolai, Zara
""")

LAST_NAMES = _items("""
    Smith, Johnson, Williams, Brown, Jones, Garcia, Miller, Davis, Rodriguez, Martinez, Hernandez,
    Lopez, Gonzalez, Wilson, Anderson, Thomas, Taylor, Moore, Jackson, Martin, Lee, Perez, Thompson,
    White, Harris, Sanchez, Clark, Ramirez, Lewis, Robinson, Walker, Young, Allen, King, Wright, Scott,
    Torres, Nguyen, Hill, Flores, Green, Adams, Nelson, Baker, Hall, Rivera, Campbell, Mitchell,
    Carter, Roberts, Gomez, Phillips, Evans, Turner, Diaz, Parker, Cruz, Edwards, Collins, Reyes,
    Stewart, Morris, Morales, Murphy, Cook, Rogers, Gutierrez, Ortiz, Morgan, Cooper, Peterson, Bailey,
    Reed, Kelly, Howard, Ramos, Kim, Cox, Ward, Richardson, Watson, Brooks, Chavez, Wood, James,
    Bennett, Gray, Mendoza, Ruiz, Hughes, Price, Alvarez, Castillo, Sanders, Patel, Myers, Long, Ross,
    Foster, Jimenez, Powell, Jenkins, Perry, Russell, Sullivan, Bell, Coleman, Butler, Henderson,
    Barnes, Gonzales, Fisher, Vasquez, Simmons, Romero, Jordan, Patterson, Alexander, Hamilton, Graham,
    Reynolds, Griffin, Wallace, Moreno, West, Cole, Hayes, Bryant, Herrera, Gibson, Ellis, Tran,
    Medina, Aguilar, Stevens, Murray, Ford, Castro, Marshall, Owens, Harrison, Fernandez, McDonald,
    Woods, Washington, Kennedy, Wells, Vargas, Henry, Chen, Freeman, Webb, Tucker, Guzman, Burns,
    Crawford, Olson, Simpson, Porter, Hunter, Gordon, Mendez, Silva, Shaw, Snyder, Mason, Dixon,
    Munoz, Hunt, Hicks, Holmes, Palmer, Wagner, Black, Robertson, Boyd, Rose, Stone, Salazar, Fox,
    Warren, Mills, Meyer, Rice, Schmidt, Garza, Daniels, Ferguson, Nichols, Stephens, Soto, Weaver,
    Ryan, Gardner, Payne, Grant, Dunn, Kelley, Spencer, Hawkins, Arnold, Pierce, Vazquez, Hansen,
    Peters, Santos, Hart, Bradley, Knight, Elliott, Cunningham, Duncan, Armstrong, Hudson, Carroll,
    Lane, Riley, Andrews, Alvarado, Ray, Delgado, Berry, Perkins, Hoffman, Johnston, Matthews, Pena,
    Richards, Contreras, Willis, Carpenter, Lawrence, Sandoval, Tanaka, Yamamoto, Sato, Novak,
    Kowalski, Larsen, Jensen, Okafor, Mensah, Haddad, Rossi, Bianchi, Dubois, Laurent, Muller,
    Schneider, Ivanov, Petrov, Kapoor, Gupta, Singh, Wang, Zhang, Liu, Park, Choi, Nakamura, Fischer
""")

CITIES = _items("""
    New York, Los Angeles, Chicago, Houston, Phoenix, Philadelphia, San Antonio, San Diego, Dallas,
    Austin, Seattle, Denver, Boston, Nashville, Detroit, Portland, Las Vegas, Miami, Atlanta,
    Minneapolis, New Orleans, Baltimore, Pittsburgh, Cleveland, Salt Lake City, San Francisco,
    Toronto, Montreal, Vancouver, Mexico City, London, Paris, Berlin, Madrid, Rome, Amsterdam,
    Stockholm, Copenhagen, Oslo, Dublin, Lisbon, Vienna, Prague, Warsaw, Athens, Istanbul, Cairo,
    Lagos, Nairobi, Johannesburg, Dubai, Mumbai, Delhi, Bangalore, Singapore, Bangkok, Jakarta,
    Manila, Hong Kong, Shanghai, Beijing, Seoul, Tokyo, Osaka, Sydney, Melbourne, Auckland,
    Buenos Aires, Santiago, Lima, Bogota, Sao Paulo, Rio de Janeiro, Havana, Reykjavik, Helsinki
""")

ORG_KINDS = _items("""
    University, Institute, Labs, Foundation, Health, Capital, Partners, Group, Clinic, Research Center,
    Ventures, Collective, Studios, Works, Systems, Bio, Therapeutics, Analytics, Media, Records
""")

# Real-world podcast advertisers; sponsor chapters name one to three of them or an invented brand.
SPONSORS = _items("""
    Squarespace, BetterHelp, HelloFresh, NordVPN, ExpressVPN, Shopify, Athletic Greens, Eight Sleep,
    Casper, Audible, Calm, Headspace, Manscaped, Rocket Money, ZipRecruiter, Indeed, Mint Mobile,
    SimpliSafe, Warby Parker, Masterclass, Brilliant, Skillshare, Factor, Liquid IV, Ritual, Thorne,
    Levels, Whoop, Oura, Helix Sleep, Magic Spoon, Butcher Box, Policygenius, LinkedIn Jobs, Notion,
    Babbel, Rosetta Stone, Function Health, InsideTracker, Element, Momentous, Cozy Earth, Quince,
    Ridge Wallet, Blueland, Caraway, Bombas, Allbirds, Ollie, Chewy, Rocket Mortgage, Wealthfront
""")

SPONSOR_KEYWORDS = _items("""
    website builder, online therapy, meal kits, vpn, mattress, audiobooks, meditation app, grooming,
    budgeting app, hiring, phone plan, home security, glasses, online classes, learning app, prepared meals,
    electrolytes, vitamins, supplements, glucose monitor, fitness tracker, sleep tracker, cereal,
    meat delivery, life insurance, language learning, blood testing, sheets, clothing, wallet,
    cleaning products, cookware, socks, shoes, dog food, pet supplies, investing app, protein powder
""")

# Syllables for coined names: surnames, brands, labs, drugs and places that a bigger catalog keeps adding.
ONSETS = _items("b, br, c, ch, d, dr, f, g, gr, h, j, k, kl, l, m, n, p, pr, qu, r, s, sh, st, t, tr, v, w, z")
NUCLEI = _items("a, e, i, o, u, ai, ea, ou, io, ae")
CODAS = ["", "", "", "", "n", "r", "l", "s", "x", "m", "nd", "rt", "st", "th", "ck", "v"]

PODCAST_WORDS = _items("""
    Signal, Frontier, Deep, Dive, Lab, Hour, Show, Brief, Files, Talks, Room, Project, Notes, Daily,
    Weekly, Minute, Theory, Method, Edge, Origin, Current, Matter, Field, Story, Chronicles, Archive,
    Bench, Pulse, Compass, Mind, Body, Money, Future, Past, Culture, Code, Science, Health, Life, Work
""")

OFF_TOPIC = _lines("""
    sourdough starter feeding schedule
    train times to glasgow
    how to fix a leaking faucet
    lego star wars sets
    crossword puzzle answers
    cheap flights to lisbon
    knitting a scarf
    guitar chords for beginners
    lawn mower repair
    bowling league scores
""")
