namespace MailGuard.Scan.Detect;

/// <summary>The words that are no part of an English name, and the directory form "Surname, Given".</summary>
internal static partial class PersonNameRecognizer
{
    private static readonly HashSet<string> WesternNonNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "Account", "Accounts", "Executive", "Manager", "Director", "Lead", "Head", "Coordinator", "Officer", "President", "Vice",
        "Engineer", "Specialist", "Assistant", "Associate", "Partner", "Partners", "Group", "Ltd", "Inc", "LLC", "Co", "Corp",
        "Company", "Services", "Service", "Logistics", "Packaging", "Hospitality", "Freight", "Trading", "Components", "Department",
        "Dept", "Sales", "Operations", "Procurement", "Events", "Regional", "Team", "Studio", "Design", "Retail", "Insurance",
        "Analytics", "Medical", "Street", "Road", "Avenue", "Lane", "Plaza", "Suite", "Unit", "Floor", "Regards", "Best", "Thanks",
        "Thank", "Kind", "Warm", "Dear", "Hi", "Hello", "Cheers", "Sincerely", "Yours", "Office", "Mobile", "Phone", "Email", "Tel",
        "Fax", "Main", "Line", "Customer", "Support", "Marketing", "Finance", "Admin", "Senior", "Junior", "Chief", "General",
        "Confirmed", "Name", "Notes", "Contact", "Subject", "Date", "From", "Sent", "To", "Cc", "Best", "Global", "International",
        "America", "Japan", "Europe", "Limited", "Holdings", "Industries", "Solutions", "Systems", "Technologies", "Consulting",
        "Summit", "Harbor", "Room", "Terminal", "New", "York", "United", "Kingdom", "States", "Key", "Quick", "Update", "Note",
        "Good", "News", "Please", "Welcome", "Event", "Product", "Port", "Read", "Prepared", "Speaker", "Arriving", "June", "May",
        "April", "March", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Forwarded", "Message",
        "Original", "Begin", "Sakura", "The", "And", "Of", "For", "With", "Our", "Your", "Dr", "Mr", "Ms", "Mrs", "Prof",
        // What ends a company's or a desk's name ("Kestrel Labs", "Solano Foods", "Dispatch Desk") and the first word
        // of a city ("San Francisco"): words that are no English given name or surname.
        "Labs", "Lab", "Laboratories", "Foods", "Food", "Plastics", "Imports", "Exports", "Tools", "Motors", "Electric",
        "Electronics", "Pharma", "Pharmaceuticals", "Ventures", "Capital", "Media", "Works", "Supply", "Supplies", "Farms",
        "Hotel", "Hotels", "Center", "Centre", "University", "College", "School", "Hospital", "Clinic", "Institute", "Foundation",
        "Association", "Agency", "Store", "Stores", "Shop", "Market", "Markets", "Distribution", "Distributors", "Manufacturing",
        "Construction", "Engineering", "Energy", "Security", "Health", "Textiles", "Chemicals", "Metals", "Printing", "Wines",
        "Coffee", "Realty", "Properties", "Legal", "Apparel", "Furniture", "Shipping", "Transport", "Warehouse", "Parts",
        "Express", "Airlines", "Dental", "Pharmacy", "Desk", "Broker", "Brokers", "San", "Los", "Las",
    };

    // Initialised here, after the set: the order of static initialisers across a partial class's files is not defined.
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> WesternNonNamesSpans =
        WesternNonNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// "Chidi Okafor" for the directory form "Okafor, Chidi" (one word, a comma, one or two words), as Exchange and
    /// Outlook show display names; null for anything else.
    /// </summary>
    public static string? Uninverted(string text)
    {
        var comma = text.IndexOf(',');
        if (comma <= 0 || text.IndexOf(',', comma + 1) >= 0)
        {
            return null;
        }
        var surname = text.AsSpan(0, comma).Trim();
        var given = text.AsSpan(comma + 1).Trim();
        if (surname.IsEmpty || given.IsEmpty || surname.ContainsAny(' ', '\t') || given.Count(' ') > 1)
        {
            return null;
        }
        return string.Concat(given, " ", surname);
    }
}
