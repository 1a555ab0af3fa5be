import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// Problems from other channels entered into the 台账, by hand or from an imported file.
extension RegisterContext {
    /// Stores `entries` under the next numbers, once every one is checked: none is stored when any
    /// is wrong (`parseProblems`: rows of an imported file that did not read); an entry already in
    /// the 台账 is not entered again. `line` names an imported row in messages.
    func enter(
        _ entries: [(line: Int?, entry: RegisterEntry)], parseProblems: [(line: Int, message: String)], actor: String, at now: Date,
        database: SurveyDatabase
    ) throws -> (response: HTTPResponse, units: Set<String>) {
        guard entries.count <= 5000 else { return (.error(.invalidEntry, "一次最多登记 5000 条，收到 \(entries.count) 条"), []) }
        let today = Day.string(now)
        let rules = RegisterEntry.Rules(
            channels: office.channels, reviewItems: reviewItems.map(\.id), units: Set(try database.units().map(\.name)), today: today)
        // Problems by row (0 for an entry typed by hand), in the file's order: a row's reading first.
        var problems: [(line: Int, message: String)] = parseProblems
        for (line, entry) in entries {
            problems += entry.problems(under: rules).map { (line ?? 0, $0) }
        }
        let imported = entries.contains { $0.line != nil } || !parseProblems.isEmpty
        guard problems.isEmpty else {
            if imported {
                let ordered = problems.enumerated().sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }.map(\.element)
                return (.error(.invalidEntry, "导入的台账有误，未导入任何一行", details: ordered.map { "第 \($0.line) 行：\($0.message)" }), [])
            }
            let entry = entries[0].entry
            let unknownSource = !office.channels.contains { $0.name == entry.source.trimmingCharacters(in: .whitespaces) }
            return (.error(unknownSource ? .unknownSource : .invalidEntry, problems.map(\.message).joined(separator: "；")), [])
        }
        let titles = Dictionary(reviewItems.map { ($0.id, $0.shownTitle) }, uniquingKeysWith: { first, _ in first })
        // A channel's own number (工单号) names one problem: entered again on another day, it is the same
        // row. (An imported 台账's 序号 names a row of that file only, so imports match on the whole entry.)
        func ticket(_ channel: String?, _ reference: String?) -> String? {
            guard let channel, let reference = reference?.trimmingCharacters(in: .whitespaces), !reference.isEmpty else { return nil }
            return channel.trimmingCharacters(in: .whitespaces) + "\n" + reference
        }
        var tickets: [String: Int] = [:]
        if !imported && entries.contains(where: { $0.entry.ref != nil }) {
            for row in try database.rectificationRows() { if let key = ticket(row.channel, row.reference) { tickets[key] = row.number } }
        }
        let (added, existing) = try gate.numbers.withLock { known in
            let numbers = try known ?? database.rectificationNumbers()
            var next = (numbers.values.max() ?? 0) + 1
            var rows: [RectificationRow] = []
            var existing: [Int] = []
            var seen: [FindingKey: Int] = numbers
            for (_, entry) in entries {
                if let number = seen[entry.key] ?? ticket(entry.source, entry.ref).flatMap({ tickets[$0] }) {
                    existing.append(number)
                    continue
                }
                let item = entry.items.first ?? ""
                rows.append(entry.row(number: next, itemTitle: titles[item] ?? item, channels: office.channels, today: today))
                seen[entry.key] = next
                if let key = ticket(entry.source, entry.ref) { tickets[key] = next }
                next += 1
            }
            try database.addRectificationRows(rows, actor: actor, at: now)
            known = seen
            return (rows, existing)
        }
        return (.json(RegisterEntryReply(added: added, existing: existing), status: added.isEmpty ? 200 : 201), Set(added.compactMap(\.unit)))
    }
}
