/// A channel problems reach the office by (问题来源), from the office file.
public struct IntakeChannel: Codable, Sendable, Equatable {
    public var name: String
    /// Whether its reports are leads, checked (核实) before they count as problems.
    public var lead: Bool

    public init(name: String, lead: Bool) {
        self.name = name
        self.lead = lead
    }

    /// The channels an office file that names none has: single reports are leads.
    public static let defaults: [IntakeChannel] = [
        IntakeChannel(name: "监督员问卷", lead: false), IntakeChannel(name: "监督员反映", lead: true),
        IntakeChannel(name: "12345热线", lead: true), IntakeChannel(name: "好差评", lead: true),
        IntakeChannel(name: "企业走访", lead: true), IntakeChannel(name: "自查发现", lead: false),
        IntakeChannel(name: "人大审议意见", lead: false), IntakeChannel(name: "上级督查", lead: false),
    ]
}
