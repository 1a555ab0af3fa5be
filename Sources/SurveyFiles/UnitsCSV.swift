import Foundation
import SurveyCore

/// Reads the units file (`单位,联系人,电话`), UTF-8 or GB18030 like the roster. Either every row is
/// valid, or every problem is returned with its line number.
public enum UnitsCSV {
    static let columns: [String: String] = [
        "unit": "name", "name": "name", "单位": "name", "责任单位": "name", "单位名称": "name",
        "contact": "contact", "联系人": "contact", "phone": "phone", "电话": "phone", "联系电话": "phone",
    ]

    public static func parse(_ bytes: [UInt8]) -> Result<[ResponsibleUnit], RosterErrors> {
        guard let text = RosterCSV.decode(bytes) else {
            return .failure(RosterErrors(["无法识别文件编码，请另存为 UTF-8 或 GB18030（GBK）编码的 CSV 文件"]))
        }
        let records = CSVRecords.split(text)
        if let unclosed = CSVRecords.unclosedQuoteError(in: records) { return .failure(RosterErrors([unclosed])) }
        guard let header = records.first, !header.fields.allSatisfy({ $0.isEmpty }) else {
            return .failure(RosterErrors(["文件为空，缺少表头（单位,联系人,电话）"]))
        }
        var index: [String: Int] = [:]
        var errors: [String] = []
        for (position, name) in header.fields.enumerated() {
            guard let column = columns[name.trimmingCharacters(in: .whitespaces).lowercased()] else {
                errors.append("第 \(header.line) 行：未知的列“\(name)”，可用：单位/unit、联系人/contact、电话/phone")
                continue
            }
            index[column] = position
        }
        if index["name"] == nil { errors.append("第 \(header.line) 行：缺少“单位”列") }
        guard errors.isEmpty else { return .failure(RosterErrors(errors)) }
        var units: [ResponsibleUnit] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() where !record.fields.allSatisfy({ $0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            func field(_ column: String) -> String? {
                guard let position = index[column], position < record.fields.count else { return nil }
                return record.fields[position].trimmingCharacters(in: .whitespaces).nilIfEmpty
            }
            var problems: [String] = []
            let name = field("name")
            if let name {
                if name.count > 60 || name.contains(where: { $0.isNewline || $0.unicodeScalars.contains { $0.value < 0x20 } }) {
                    problems.append("单位名称“\(name.prefix(60))”过长或含控制字符")
                } else if let earlier = seen[name] {
                    problems.append("单位“\(name)”与第 \(earlier) 行重复")
                } else {
                    seen[name] = record.line
                }
            } else {
                problems.append("单位名称为空")
            }
            let phone = field("phone")
            if let phone, !phone.allSatisfy({ $0.isASCII && ($0.isNumber || "-+ ".contains($0)) }) || phone.count > 20 {
                problems.append("电话“\(phone)”格式无效")
            }
            if let name, problems.isEmpty {
                units.append(ResponsibleUnit(name: name, contact: field("contact"), phone: phone))
            } else {
                errors.append("第 \(record.line) 行：" + problems.joined(separator: "；"))
            }
        }
        if units.isEmpty && errors.isEmpty { errors.append("文件中没有单位数据行") }
        return errors.isEmpty ? .success(units) : .failure(RosterErrors(errors))
    }
}
