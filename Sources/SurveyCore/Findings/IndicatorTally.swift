/// An indicator question's answers (overall satisfaction and the like), reported as 满意率: the
/// share answering in the top two points of the scale (满意 and 基本满意 on 1–5), and the mean.
public struct IndicatorTally: Codable, Sendable, Equatable {
    public var title: String
    public var answered = 0
    public var satisfied = 0
    public var total = 0.0

    public init(title: String) {
        self.title = title
    }

    /// Counts one score on `scale`.
    mutating func add(_ score: Double, scale: ClosedRange<Double>) {
        answered += 1
        total += score
        if score >= scale.upperBound - 1 { satisfied += 1 }
    }

    /// 满意率, 0 to 1.
    public var satisfactionRate: Double { answered == 0 ? 0 : Double(satisfied) / Double(answered) }
    public var mean: Double { answered == 0 ? 0 : total / Double(answered) }
}
