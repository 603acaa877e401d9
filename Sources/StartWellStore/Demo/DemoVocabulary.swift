/// The words demo records are made from. Names are deliberately varied:
/// accents (Zoë, José, Łukasz), a few written in their own script (王, Коваленко,
/// خليل, Παπαδόπουλος), apostrophes and hyphens, so search, sorting and
/// display are exercised the way a real caseload would exercise them.
enum DemoVocabulary {
  struct NamePool {
    var surnames: [String]
    var female: [String]
    var male: [String]
    /// First languages and their weights; "English" where the family mostly speaks it.
    var languages: [(String, Int)]
    var weight: Int
  }

  static let pools: [NamePool] = [
    NamePool(
      surnames: [
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright",
        "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Wood", "Jackson", "Clarke",
        "Hughes", "Edwards", "Turner", "Hill", "Moore", "Cooper", "Ward", "Morris", "King", "Harris", "Baker",
        "Lewis", "Shaw", "Holmes", "Marsh", "Pearson", "Fletcher", "O'Brien", "Murphy", "Kelly", "McCarthy",
        "Price", "Bennett", "Lloyd", "Griffiths", "Owen", "Barker", "Fox", "Chapman", "Dixon", "Ellis",
        "Foster",
        "Gray", "Hunt", "Knight", "Mason", "Mills", "Palmer", "Rose", "Stevens", "Webb", "Wells", "Young",
        "Ashworth", "Brearley", "Sutcliffe", "Hargreaves", "Ackroyd", "Lockwood", "Haigh", "Armitage",
        "Smith-Jones", "Ní Bhriain",
      ],
      female: [
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Jessica", "Zoë", "Hannah",
        "Megan", "Charlotte", "Emma", "Laura", "Rebecca", "Gemma", "Kirsty", "Danielle", "Leanne", "Stacey",
        "Siân", "Niamh", "Renée", "Amy", "Holly", "Katie", "Lauren", "Ellie", "Freya", "Poppy", "Evie",
        "Ruby",
        "Mia", "Rosie", "Daisy", "Phoebe", "Sienna", "Chloë", "Aoife",
      ],
      male: [
        "Oliver", "George", "Harry", "Noah", "Jack", "Leo", "Arthur", "Charlie", "Freddie", "Alfie", "Jacob",
        "Thomas", "James", "Daniel", "Ryan", "Liam", "Connor", "Jamie", "Lewis", "Callum", "Kyle", "Dean",
        "Craig", "Seán", "Rhys", "Owen", "Tyler", "Ethan", "Reuben", "Theo", "Dylan", "Mason",
      ],
      languages: [("English", 1)], weight: 52),
    NamePool(
      surnames: [
        "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
        "Woźniak", "Dąbrowski", "Kozłowski", "Mazur", "Krawczyk", "Łukasik",
      ],
      female: [
        "Zofia", "Anna", "Małgorzata", "Katarzyna", "Agnieszka", "Joanna", "Magdalena", "Natalia", "Julia",
        "Zuzanna", "Maja", "Hanna",
      ],
      male: [
        "Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Jakub", "Kacper", "Szymon", "Filip",
        "Antoni", "Jan",
      ],
      languages: [("Polish", 7), ("English", 3)], weight: 6),
    NamePool(
      surnames: [
        "Khan", "Hussain", "Ahmed", "Ali", "Akhtar", "Iqbal", "Mahmood", "Rashid", "Riaz", "Shah", "Butt",
        "Malik",
        "Aslam", "Bibi",
      ],
      female: [
        "Aisha", "Fatima", "Ayesha", "Maryam", "Zainab", "Hafsa", "Amina", "Sana", "Nadia", "Rukhsana",
        "Samina",
        "Iqra", "Hania",
      ],
      male: [
        "Muhammad", "Ibrahim", "Yusuf", "Ayaan", "Zayn", "Hamza", "Imran", "Bilal", "Adnan", "Usman", "Tariq",
        "Faisal", "Haris",
      ],
      languages: [("English", 5), ("Urdu", 3), ("Punjabi", 2)], weight: 9),
    NamePool(
      surnames: ["Miah", "Uddin", "Rahman", "Islam", "Chowdhury", "Begum", "Hoque", "Ahmed"],
      female: ["Nusrat", "Sumaiya", "Tahmina", "Farhana", "Ruma", "Jannat", "Sadia"],
      male: ["Rafiq", "Abdul", "Shahid", "Rahim", "Kamal", "Ayaan", "Arif"],
      languages: [("English", 4), ("Bengali", 4), ("Sylheti", 2)], weight: 3),
    NamePool(
      surnames: [
        "Patel", "Singh", "Kaur", "Sharma", "Mistry", "Gill", "Sandhu", "Parmar", "Chauhan", "Desai",
      ],
      female: ["Priya", "Anjali", "Simran", "Harleen", "Pooja", "Diya", "Aanya"],
      male: ["Arjun", "Rohan", "Harjit", "Gurpreet", "Vikram", "Aarav", "Dev"],
      languages: [("English", 6), ("Gujarati", 2), ("Punjabi", 2)], weight: 5),
    NamePool(
      surnames: ["Mohamed", "Abdi", "Hassan", "Farah", "Osman", "Warsame", "Jama", "Yusuf", "Abdullahi"],
      female: ["Hodan", "Ayan", "Fadumo", "Sahra", "Hibo", "Ifrah", "Nasra"],
      male: ["Abdirahman", "Mahad", "Liban", "Guled", "Khalid", "Abdullahi"],
      languages: [("Somali", 6), ("English", 4)], weight: 3),
    NamePool(
      surnames: [
        "Okafor", "Adeyemi", "Mensah", "Boateng", "Owusu", "Okonkwo", "Adebayo", "Asante", "Eze", "Nwosu",
      ],
      female: ["Chidinma", "Adaeze", "Abena", "Ama", "Folake", "Ngozi", "Temi", "Efua"],
      male: ["Chinedu", "Kwame", "Kofi", "Tunde", "Emeka", "Kwabena", "Femi", "Oluwaseun"],
      languages: [("English", 7), ("Yoruba", 1), ("Igbo", 1), ("Twi", 1)], weight: 5),
    NamePool(
      surnames: [
        "Popescu", "Ionescu", "Stan", "Dumitru", "Constantin", "Munteanu", "Ștefănescu", "Rădulescu",
      ],
      female: ["Ioana", "Andreea", "Elena", "Maria", "Ana", "Bianca", "Alexandra"],
      male: ["Andrei", "Ionuț", "Mihai", "Ștefan", "Florin", "Vlad", "Bogdan"],
      languages: [("Romanian", 7), ("English", 3)], weight: 4),
    NamePool(
      surnames: ["Wang", "Li", "Chen", "Zhang", "Liu", "Wong", "Chan", "Lam", "王", "李", "陈", "张"],
      female: ["Mei", "Jing", "Xiaoling", "Hui", "Ying", "美玲", "芳"],
      male: ["Wei", "Hao", "Jun", "Bo", "Ming", "伟", "浩然"],
      languages: [("Mandarin", 5), ("Cantonese", 3), ("English", 2)], weight: 3),
    NamePool(
      surnames: ["Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Darwish", "خليل", "حداد"],
      female: ["Layla", "Noor", "Rania", "Yasmin", "Hala", "Sara", "ليلى"],
      male: ["Omar", "Karim", "Yousef", "Samir", "Ahmad", "عمر"],
      languages: [("Arabic", 8), ("English", 2)], weight: 3),
    NamePool(
      surnames: ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Melnyk", "Коваленко", "Шевченко"],
      female: ["Olena", "Iryna", "Oksana", "Sofiia", "Anastasiia", "Олена"],
      male: ["Oleksandr", "Dmytro", "Andrii", "Mykola", "Maksym", "Дмитро"],
      languages: [("Ukrainian", 7), ("Russian", 1), ("English", 2)], weight: 3),
    NamePool(
      surnames: [
        "García", "Fernández", "Núñez", "Gonçalves", "Silva", "Pereira", "Rossi", "Esposito", "Papadopoulos",
        "Παπαδόπουλος", "Müller", "Søndergaard",
      ],
      female: ["María", "Inês", "Lucía", "Sofía", "Giulia", "Eleni", "Beatriz", "Zoë"],
      male: ["José", "João", "Andrés", "Matías", "Luca", "Nikos", "Tomás", "Björn"],
      languages: [("Spanish", 3), ("Portuguese", 3), ("Italian", 1), ("Greek", 1), ("English", 2)], weight: 4),
  ]

  static let streets = [
    "Moor Lane", "Hill Top Road", "Brook Street", "Church Lane", "Victoria Road", "Station Road",
    "Park Avenue",
    "Mill Lane", "Canal Street", "Ash Grove", "Oak Road", "Stone Gate", "High Street", "Market Street",
    "Riverside Walk", "Albert Terrace", "Queen's Road", "Chapel Fold", "Beech Close", "Willow Crescent",
    "Meadow View", "Orchard Way", "Springfield Road", "Granville Street", "Cemetery Road", "Cross Flatts",
    "Back Lane", "Farm Court", "Highfield Drive", "Holly Bank",
  ]

  /// Postcode inward-code letters (Royal Mail never uses C, I, K, M, O or V there).
  static let inwardLetters = Array("ABDEFGHJLNPQRSTUWXYZ")

  static let closureReasons = [
    "Needs met; universal services only", "Family moved out of area", "Family declined further support",
    "Child started school", "Transferred to children's social care", "Stepped down to universal services",
  ]

  /// Contact summaries by contact type id (the chronology shows the type before them); unknown types use "other".
  static let contactSummaries: [String: [String]] = [
    "home-visit": [
      "Routine review", "Sleep and routines", "Feeding and weaning", "Safe sleeping advice",
      "Behaviour support plan", "Home learning ideas", "Housing concerns discussed", "Toilet training",
    ],
    "hub-visit": [
      "Weigh and chat at drop-in", "Development check", "Benefits advice", "Nursery place application",
      "Signed up for parenting course",
    ],
    "phone": [
      "Check-in call", "Appointment reminder", "Follow-up on referral", "Advice on sleep",
      "No answer; message left",
    ],
    "setting-visit": [
      "Observation in nursery", "Transition planning", "Key person liaison",
      "Speech and language strategies shared",
    ],
    "group-session": [
      "Stay and play", "Baby massage", "Chatter Matters", "Little Movers", "Story and rhyme time",
    ],
    "huddle-discussion": ["Progress review", "Agency update", "Attendance concerns"],
    "other": ["Letter sent offering an appointment", "Update from setting by email", "Text reminder sent"],
  ]

  /// Notes for a session of a local approach.
  static let approachNotes = [
    "Joined in with the songs and turn-taking games", "Used two new words during the session",
    "Shy at first; settled with a familiar adult", "Parent tried the modelling strategies with support",
    "Home activity sheet given", "Good attention during the shared book",
  ]

  /// Summaries for a contact a father took part in.
  static let fatherSummaries = [
    "Dads' Saturday group", "Dad asked about stay and play", "Talked with dad about play at home",
  ]

  static let significantSummaries = [
    "Disclosure of domestic abuse; safety plan agreed", "Concern about injury discussed with supervisor",
    "Police notification received (Operation Encompass)", "Family facing eviction; emergency housing sought",
    "Mum reports low mood; GP appointment arranged", "Child missed three appointments; welfare visit made",
    "New partner moved into household", "Child admitted to hospital",
  ]

  static let contactNotes = [
    "", "", "", "", "Family engaged well.", "Child playing happily throughout.",
    "Agreed to try the bedtime routine for two weeks.", "Leaflets given on local groups.",
    "Home conditions good.",
    "Discussed the two-year-old funded place and how to apply.", "Setting reports good progress.",
    "Grandparent now helping with childcare.",
  ]

  /// Notes that only make sense when the mother, or the father, was there.
  static let motherNotes = ["Mum tired but coping; support offered.", "Mum would like help with budgeting."]
  static let fatherNotes = ["Dad present and asked questions.", "Dad keen to join the Saturday group."]

  static let escalationReasons = [
    "Repeated missed appointments and worsening home conditions",
    "Domestic abuse notification received; needs multi-agency plan",
    "Speech and language delay with no progress after support",
    "Parental mental health deteriorating; more support needed",
    "Concerns about neglect raised by the setting",
    "Housing crisis with young children; needs coordinated support",
    "Child not brought to health appointments",
  ]

  static let acceptNotes = [
    "Agreed; allocate a family support worker", "Agreed; team around the family meeting to be arranged",
    "Accepted; referral to children's social care made",
  ]

  static let declineNotes = [
    "Needs can be met at the current level with the plan in place",
    "Insufficient evidence for a step-up; review in four weeks",
    "Family already receiving this support through another service",
  ]

  static let stepDownNotes = [
    "Plan completed; needs now met at a lower level", "Family engaging well; step down agreed",
    "Social care closed; continue with early help",
  ]

  static let referralReasons: [String: [String]] = [
    "slt": ["Limited words for age", "Unclear speech; setting concerned", "WellComm red at review"],
    "health-visiting": ["Growth concerns", "Feeding difficulties", "Review of development"],
    "send-portage": [
      "Global developmental delay", "Possible autism; needs assessment", "Physical disability support",
    ],
    "perinatal-mh": ["Low mood since birth", "Anxiety in pregnancy", "History of postnatal depression"],
    "domestic-abuse": ["Disclosure at home visit", "Police notification", "Mum asked for support"],
    "csc": ["Safeguarding concern", "Neglect concerns escalating", "Injury to non-mobile baby"],
    "two-year-offer": ["Eligible for funded place; help to apply", "Place found; family to confirm"],
  ]

  static let referralOutcomes = [
    "Seen; programme of support agreed", "Seen; advice given and discharged", "Seen; on caseload for therapy",
    "Place taken up", "Assessment completed",
  ]

  static let developmentNotes = [
    "", "", "", "Good progress with sharing and turn-taking", "Using two-word phrases",
    "Needs support with transitions", "Enjoys mark making", "Speech unclear to unfamiliar adults",
    "Settling well at nursery",
  ]

  /// Where a child aged 2 to 4 has their termly check, before school.
  static let earlyYearsSettings = [
    "Little Acorns Nursery", "Sunflower Pre-school", "Rainbow Day Nursery", "Busy Bees Playgroup",
    "Hub stay and play", "Childminder (home-based)", "Ladybird Nursery Class",
    "Canal Street Children's Centre",
  ]

  /// Reception classes.
  static let schools = [
    "St Mary's Primary, Reception", "Oakfield Primary, Reception", "Northgate Infant School, Reception",
    "Riverside Academy, Reception", "Holy Trinity CE Primary, Reception",
  ]

  static let huddleDiscussions = [
    "Reviewed progress since last huddle", "Setting raised attendance concerns",
    "Health visitor update on growth",
    "Referral waiting too long; chased", "New escalation discussed", "Review date passed; plan refreshed",
  ]

  static let huddleDecisions = [
    "Continue current plan", "Joint home visit with health visitor", "Chase the referral with the service",
    "Offer a place at stay and play", "Escalate to supervisor", "Review again at next huddle",
    "Step down to universal",
  ]

  static let actionDescriptions = [
    "Arrange joint home visit", "Chase SLT referral", "Send nursery application pack",
    "Book review meeting with family", "Share plan with setting", "Contact dad about Saturday group",
    "Complete early help assessment",
  ]
}
