import Foundation
import SurveyAPI
import SurveyCore
import SurveyStore

/// Problems entered into the 台账 from any channel, by hand or from an imported 台账.
extension AdminAPI {
    /// `POST /api/rectify` with one `RegisterEntry`, or `POST /api/rectify/import` with
    /// `RegisterEntries`: every entry is checked first, and none is stored when any is wrong; an
    /// entry already in the 台账 is not entered again.
    func enterProblems(_ body: [UInt8], batch: Bool, actor: String, at now: Date) throws -> HTTPResponse {
        let request: RegisterEntries
        if batch {
            switch decodeBody(
                RegisterEntries.self, from: body, expected: "{\"entries\": [{\"source\": \"12345热线\", \"text\": \"…\", \"items\": [\"R05\"]}, …]}")
            {
            case .success(let decoded): request = decoded
            case .failure(let response): return response
            }
        } else {
            switch decodeBody(RegisterEntry.self, from: body, expected: "{\"source\": \"12345热线\", \"text\": \"…\", \"items\": [\"R05\"]}") {
            case .success(let decoded): request = RegisterEntries(entries: [decoded])
            case .failure(let response): return response
            }
        }
        guard !request.entries.isEmpty else { return .error(.invalidEntry, "没有要登记的问题") }
        guard request.entries.count <= 5000 else { return .error(.invalidEntry, "一次最多登记 5000 条，收到 \(request.entries.count) 条") }
        let today = Day.string(now)
        let rules = RegisterEntry.Rules(
            channels: office.channels, reviewItems: reviewItemList.map(\.id), units: Set(try database.units().map(\.name)), today: today)
        var problems: [String] = []
        for (index, entry) in request.entries.enumerated() {
            let place = batch ? "第 \(request.lines?[safe: index] ?? index + 1) 行：" : ""
            problems += entry.problems(under: rules).map { place + $0 }
        }
        guard problems.isEmpty else {
            let unknownSource = request.entries.contains { entry in !office.channels.contains { $0.name == entry.source.trimmingCharacters(in: .whitespaces) } }
            let code: AdminErrorCode = unknownSource && request.entries.count == 1 ? .unknownSource : .invalidEntry
            return .error(code, batch ? "导入的台账有误，未导入任何一行" : problems[0], details: batch ? problems : nil)
        }
        let titles = Dictionary(reviewItemList.map { ($0.id, $0.shownTitle) }, uniquingKeysWith: { first, _ in first })
        let (added, existing) = try registerGate.numbers.withLock { known in
            let numbers = try known ?? database.rectificationNumbers()
            var next = (numbers.values.max() ?? 0) + 1
            var rows: [RectificationRow] = []
            var existing: [Int] = []
            var seen: [FindingKey: Int] = numbers
            for entry in request.entries {
                if let number = seen[entry.key] {
                    existing.append(number)
                    continue
                }
                let item = entry.items.first ?? ""
                rows.append(entry.row(number: next, itemTitle: titles[item] ?? item, channels: office.channels, today: today))
                seen[entry.key] = next
                next += 1
            }
            try database.addRectificationRows(rows, actor: actor, at: now)
            known = seen
            return (rows, existing)
        }
        unitsToRefresh.formUnion(added.compactMap(\.unit))
        return .json(RegisterEntryReply(added: added, existing: existing), status: added.isEmpty ? 200 : 201)
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
