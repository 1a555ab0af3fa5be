import SurveyCore
import Yams

/// Reads `Surveys/review-items.yaml`: the list of self-inspection review items.
public enum ReviewItemsLoader {
    /// The file's usual name, beside the questionnaires.
    public static let fileName = "review-items.yaml"
    static let keys: Set<String> = ["id", "title", "checks", "lead_unit"]

    /// Parses and validates the review items file. Errors carry file, line and column.
    public static func load(yaml bytes: [UInt8], file: String) throws(SurveyFileErrors) -> [ReviewItem] {
        let reader = NodeReader(file: file)
        let items = reader.compose(bytes, limit: SurveyLoader.maxFileBytes).flatMap { root in reader.reviewItems(root) }
        return try reader.finish(items).0
    }
}

extension NodeReader {
    func reviewItems(_ root: Node) -> [ReviewItem]? {
        guard let top = mapping(root, allowed: ["items"], what: "自查项文件"),
            let list = sequence(top["items"], in: root, key: "items")
        else { return nil }
        if list.isEmpty { report(top["items"], "items 不能为空") }
        reportDuplicateIDs(list, what: "自查项编号")
        return list.compactMap { node in
            guard let map = mapping(node, allowed: ReviewItemsLoader.keys, what: "自查项") else { return nil }
            let id = identifier(map["id"], in: node, key: "id")
            let title = text(map["title"], in: node, key: "title")
            let checks = text(map["checks"], in: node, key: "checks")
            let lead = text(map["lead_unit"], in: node, key: "lead_unit")
            guard let id, let title, let checks, let lead else { return nil }
            return ReviewItem(id: id, title: title, checks: checks, leadUnit: lead)
        }
    }
}
