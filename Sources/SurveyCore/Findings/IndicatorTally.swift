/// An indicator question's answers (overall satisfaction and the like), reported as 满意率: the
/// share answering in the top two points of the scale (满意 and 基本满意 on 1–5), and the mean.
public struct IndicatorTally: Codable, Sendable, Equatable {
    public var title: String
    public var answered = 0
    public var satisfied = 0
    public var total = 0.0
    /// The same figures per supervisor category (民营企业, 基层社区, …).
    public var byCategory: [String: IndicatorTally] = [:]

    public init(title: String) {
        self.title = title
    }

    /// Counts one score on `scale`, from a supervisor of `category` when known.
    mutating func add(_ score: Double, scale: ClosedRange<Double>, category: String? = nil) {
        answered += 1
        total += score
        if score >= scale.upperBound - 1 { satisfied += 1 }
        if let category { byCategory[category, default: IndicatorTally(title: title)].add(score, scale: scale) }
    }

    /// 满意率, 0 to 1.
    public var satisfactionRate: Double { answered == 0 ? 0 : Double(satisfied) / Double(answered) }
    public var mean: Double { answered == 0 ? 0 : total / Double(answered) }
}
