import Foundation
import Yams

/// Reads a survey from YAML, reporting every problem with file, line and column. Never traps.
public enum SurveyLoader {
    /// The largest survey file accepted.
    public static let maxFileBytes = 1 << 20

    /// Parses and validates survey YAML. Warnings come back with the survey; errors are thrown.
    public static func load(yaml bytes: [UInt8], file: String) throws(SurveyFileErrors) -> (survey: Survey, warnings: [SurveyFileIssue]) {
        let reader = NodeReader(file: file)
        guard bytes.count <= maxFileBytes else {
            throw SurveyFileErrors(issues: [reader.issue(at: nil, "文件过大（\(bytes.count) 字节），上限为 \(maxFileBytes) 字节")])
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SurveyFileErrors(issues: [reader.issue(at: nil, "文件不是有效的 UTF-8 文本")])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw SurveyFileErrors(issues: [reader.yamlIssue(error)])
        }
        guard let root else {
            throw SurveyFileErrors(issues: [reader.issue(at: nil, "文件为空")])
        }
        let survey = reader.survey(root)
        let errors = reader.issues.filter { $0.severity == .error }
        guard let survey, errors.isEmpty else { throw SurveyFileErrors(issues: reader.issues) }
        return (survey, reader.issues)
    }
}

/// Walks a YAML node tree into the survey model, collecting issues as it goes.
final class NodeReader {
    let file: String
    private(set) var issues: [SurveyFileIssue] = []

    init(file: String) { self.file = file }

    func issue(at node: Node?, _ message: String, severity: SurveyFileIssue.Severity = .error) -> SurveyFileIssue {
        SurveyFileIssue(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1, severity: severity, message: message)
    }

    func report(_ node: Node?, _ message: String, severity: SurveyFileIssue.Severity = .error) {
        issues.append(issue(at: node, message, severity: severity))
    }

    func yamlIssue(_ error: any Error) -> SurveyFileIssue {
        if let yaml = error as? YamlError {
            switch yaml {
            case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _), .composer(_, let problem, let mark, _):
                return SurveyFileIssue(file: file, line: mark.line, column: mark.column, message: "YAML 语法错误：\(problem)")
            case .duplicatedKeysInMapping(let duplicates, _):
                return issue(at: nil, "同一映射中键重复：\(duplicates.joined(separator: ", "))")
            default: break
            }
        }
        return issue(at: nil, "YAML 无法解析：\(error)")
    }

    // MARK: Survey structure

    static let surveyKeys: Set<String> = ["id", "title", "description", "questions"]
    static let questionKeys: Set<String> = ["id", "type", "title", "help", "required", "options", "min", "max", "max_length"]
    static let optionKeys: Set<String> = ["id", "label"]

    func survey(_ node: Node) -> Survey? {
        guard let map = mapping(node, allowed: Self.surveyKeys, what: "问卷") else { return nil }
        let id = identifier(map["id"], in: node, key: "id")
        let title = text(map["title"], in: node, key: "title")
        let description = map["description"].flatMap { text($0, in: node, key: "description") }
        var questions: [Question] = []
        if let list = sequence(map["questions"], in: node, key: "questions") {
            if list.isEmpty { report(map["questions"], "questions 不能为空") }
            reportDuplicateIDs(list, what: "题目编号")
            questions = list.compactMap(question)
        }
        guard let id, let title else { return nil }
        return Survey(id: id, title: title, description: description, questions: questions)
    }

    func question(_ node: Node) -> Question? {
        guard let map = mapping(node, allowed: Self.questionKeys, what: "题目") else { return nil }
        let id = identifier(map["id"], in: node, key: "id")
        let title = text(map["title"], in: node, key: "title")
        let type = questionType(map["type"], in: node)
        let help = map["help"].flatMap { text($0, in: node, key: "help") }
        let required = map["required"].flatMap { boolean($0, key: "required") } ?? false
        let min = map["min"].flatMap { number($0, key: "min") }
        let max = map["max"].flatMap { number($0, key: "max") }
        let maxLength = map["max_length"].flatMap { number($0, key: "max_length") }.map { Int(exactly: $0) }
        if let maxLength, maxLength == nil || maxLength! < 1 { report(map["max_length"], "max_length 须为正整数") }
        if let min, let max, min > max { report(map["min"], "min（\(min)）大于 max（\(max)）") }
        var options: [ChoiceOption]?
        if let type {
            let choice = type == .single || type == .multiple
            if choice {
                options = self.options(map["options"], in: node)
            } else if let extra = map["options"] {
                report(extra, "\(type.rawValue) 类型的题目不能有 options")
            }
            if (map["min"] != nil || map["max"] != nil) && type != .rating && type != .number {
                report(map["min"] ?? map["max"], "只有 rating 和 number 类型的题目可以设置 min/max")
            }
            if map["max_length"] != nil && type != .text { report(map["max_length"], "只有 text 类型的题目可以设置 max_length") }
        }
        guard let id, let title, let type else { return nil }
        return Question(
            id: id, type: type, title: title, help: help, required: required, options: options,
            min: min, max: max, maxLength: maxLength.flatMap { $0 })
    }

    func options(_ node: Node?, in parent: Node) -> [ChoiceOption]? {
        guard let list = sequence(node, in: parent, key: "options") else { return nil }
        if list.isEmpty { report(node, "选项列表不能为空") }
        reportDuplicateIDs(list, what: "选项编号")
        return list.compactMap { item in
            guard let map = mapping(item, allowed: Self.optionKeys, what: "选项"),
                  let id = identifier(map["id"], in: item, key: "id"),
                  let label = text(map["label"], in: item, key: "label")
            else { return nil }
            return ChoiceOption(id: id, label: label)
        }
    }

    /// Reports every `id` that an earlier item of `list` already used.
    func reportDuplicateIDs(_ list: [Node], what: String) {
        var seen: Set<String> = []
        for item in list {
            guard let node = item["id"], let id = node.string else { continue }
            if !seen.insert(id).inserted { report(node, "\(what)“\(id)”重复") }
        }
    }

    func questionType(_ node: Node?, in parent: Node) -> QuestionType? {
        guard let name = text(node, in: parent, key: "type") else { return nil }
        guard let type = QuestionType(rawValue: name) else {
            let known = QuestionType.allCases.map(\.rawValue).joined(separator: "、")
            report(node, "未知的题型“\(name)”，可用：\(known)")
            return nil
        }
        return type
    }

    // MARK: Typed values

    /// A mapping with string keys; reports keys outside `allowed`.
    func mapping(_ node: Node, allowed: Set<String>, what: String) -> [String: Node]? {
        guard case .mapping(let mapping) = node else {
            report(node, "\(what)应为键值映射")
            return nil
        }
        var result: [String: Node] = [:]
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                report(key, "键必须是文字")
                continue
            }
            if !allowed.contains(name) {
                report(key, "\(what)中有未知的键“\(name)”，可用：\(allowed.sorted().joined(separator: "、"))")
            }
            result[name] = value
        }
        return result
    }

    func sequence(_ node: Node?, in parent: Node, key: String) -> [Node]? {
        guard let node else {
            report(parent, "缺少必填的键 \(key)")
            return nil
        }
        guard case .sequence(let sequence) = node else {
            report(node, "\(key) 应为列表")
            return nil
        }
        return Array(sequence)
    }

    func text(_ node: Node?, in parent: Node, key: String) -> String? {
        guard let node else {
            report(parent, "缺少必填的键 \(key)")
            return nil
        }
        guard let scalar = node.scalar, !scalar.string.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            report(node, "\(key) 应为非空文字")
            return nil
        }
        return scalar.string
    }

    func identifier(_ node: Node?, in parent: Node, key: String) -> String? {
        guard let value = text(node, in: parent, key: key) else { return nil }
        let allowed = value.unicodeScalars.allSatisfy { ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "-" || $0 == "_" }
        guard allowed, value.count <= 64 else {
            report(node, "\(key)“\(value.prefix(64))”只能包含英文字母、数字、- 和 _，且不超过 64 个字符")
            return nil
        }
        return value
    }

    func boolean(_ node: Node, key: String) -> Bool? {
        guard node.scalar != nil, let value = node.bool else {
            report(node, "\(key) 应为 true 或 false")
            return nil
        }
        return value
    }

    func number(_ node: Node, key: String) -> Double? {
        guard node.scalar != nil, let value = node.float ?? node.int.map(Double.init), value.isFinite else {
            report(node, "\(key) 应为数字")
            return nil
        }
        return value
    }
}
