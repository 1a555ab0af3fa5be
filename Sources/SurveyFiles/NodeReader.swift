import Foundation
import SurveyCore
import Yams

/// Walks a YAML node tree into the survey model, collecting issues as it goes.
final class NodeReader {
    let file: String
    var issues: [SurveyFileIssue] = []
    /// Known review item ids, when the caller has them.
    var reviewItems: Set<String>?
    /// The office's supervisor categories, when known.
    var categories: Set<String>?

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
            case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
                .composer(let context, let problem, let mark, _):
                let syntax = YAMLSyntaxMessage(problem: problem, mark: mark, context: context)
                return SurveyFileIssue(file: file, line: syntax.line, column: syntax.column, message: syntax.message)
            case .duplicatedKeysInMapping(let duplicates, _):
                return issue(at: nil, "同一映射中键重复：\(duplicates.joined(separator: ", "))")
            default: break
            }
        }
        return issue(at: nil, "YAML 无法解析：\(error)")
    }

    /// Reports every `id` that an earlier item of `list` already used.
    func reportDuplicateIDs(_ list: [Node], what: String) {
        var seen: Set<String> = []
        for item in list {
            guard let node = item["id"], let id = node.string else { continue }
            if !seen.insert(id).inserted { report(node, "\(what)“\(id)”重复") }
        }
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

extension NodeReader {
    /// Returns the value with its warnings, or throws every issue when any is an error.
    func finish<Value>(_ value: Value?) throws(SurveyFileErrors) -> (Value, [SurveyFileIssue]) {
        let errors = issues.filter { $0.severity == .error }
        guard let value, errors.isEmpty else { throw SurveyFileErrors(issues: issues) }
        return (value, issues)
    }

    /// Parses `text` as YAML, reporting size, encoding and syntax problems.
    func compose(_ bytes: [UInt8], limit: Int) -> Node? {
        guard bytes.count <= limit else {
            report(nil, "文件过大（\(bytes.count) 字节），上限为 \(limit) 字节")
            return nil
        }
        let body = ByteOrderMark.stripped(bytes)
        guard let text = String(validating: body, as: UTF8.self) else {
            report(nil, "文件不是有效的 UTF-8 文本")
            return nil
        }
        do {
            guard let root = try Yams.compose(yaml: text) else {
                report(nil, "文件为空")
                return nil
            }
            return root
        } catch {
            issues.append(yamlIssue(error))
            return nil
        }
    }
}
