/// Where a survey stands, per person and in total: what staff ask for with `survey status`.
public struct SurveyStatus: Codable, Sendable, Equatable {
    public var survey: String
    public var title: String
    public var version: Int
    public var closed: Bool
    /// The deadline, as a protocol timestamp, if one was set.
    public var deadline: String?
    /// Who the survey is for, in words.
    public var audience: String
    public var total: DeliveryCounts
    /// Counts per supervisor category, keyed by the category's Chinese name.
    public var byCategory: [String: DeliveryCounts]
    /// One row per supervisor on the roster.
    public var people: [PersonDelivery]

    public init(
        survey: String, title: String, version: Int, closed: Bool, deadline: String? = nil, audience: String = "全体监督员",
        people: [PersonDelivery]
    ) {
        self.survey = survey
        self.title = title
        self.version = version
        self.closed = closed
        self.deadline = deadline
        self.audience = audience
        self.people = people
        self.total = DeliveryCounts(people)
        self.byCategory = Dictionary(grouping: people, by: \.category.rawValue).mapValues(DeliveryCounts.init)
    }
}

/// How many supervisors reached each delivery step.
public struct DeliveryCounts: Codable, Sendable, Equatable {
    public var roster: Int
    public var pushed: Int
    public var received: Int
    public var opened: Int
    public var submitted: Int

    public init(_ people: [PersonDelivery]) {
        roster = people.count
        pushed = people.filter { $0.pushedAt != nil }.count
        received = people.filter { $0.receivedAt != nil }.count
        opened = people.filter { $0.openedAt != nil }.count
        submitted = people.filter { $0.submittedAt != nil }.count
    }
}

/// One supervisor's delivery timeline for one survey. Times are protocol timestamps.
public struct PersonDelivery: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var category: SupervisorCategory
    public var phone: String?
    public var pushedAt: String?
    public var receivedAt: String?
    public var openedAt: String?
    public var submittedAt: String?

    public init(
        id: String, name: String, category: SupervisorCategory, phone: String? = nil,
        pushedAt: String? = nil, receivedAt: String? = nil, openedAt: String? = nil, submittedAt: String? = nil
    ) {
        self.id = id
        self.name = name
        self.category = category
        self.phone = phone
        self.pushedAt = pushedAt
        self.receivedAt = receivedAt
        self.openedAt = openedAt
        self.submittedAt = submittedAt
    }
}
