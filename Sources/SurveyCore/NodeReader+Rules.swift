import Foundation
import Yams

/// Reading review item references, finding rules and skip logic.
extension NodeReader {
    func reviewItemIDs(_ node: Node) -> [String]? {
        guard case .sequence(let list) = node else {
            report(node, "items 应为自查项编号的列表，如 [R01, R05]")
            return nil
        }
        var ids: [String] = []
        for entry in list {
            guard let id = entry.scalar?.string, !id.isEmpty else {
                report(entry, "自查项编号应为文字")
                continue
            }
            if let known = reviewItems, !known.contains(id) {
                report(entry, "没有编号为“\(id)”的自查项（见 review-items.yaml）")
            } else if ids.contains(id) {
                report(entry, "自查项“\(id)”重复", severity: .warning)
            }
            ids.append(id)
        }
        return ids
    }

    static let conditionKeys: Set<String> = ["equals", "any_of", "at_most", "at_least"]

    /// One condition key out of `mapping`, checked against the question it tests.
    func condition(in map: [String: Node], at node: Node, testing target: Question) -> AnswerCondition? {
        let present = Self.conditionKeys.filter { map[$0] != nil }.sorted()
        guard present.count == 1, let key = present.first, let value = map[key] else {
            report(node, present.isEmpty
                ? "缺少条件：equals、any_of、at_most、at_least 之一"
                : "只能有一个条件，这里有 \(present.joined(separator: "、"))")
            return nil
        }
        let condition: AnswerCondition
        switch key {
        case "equals":
            guard let flag = boolean(value, key: key) else { return nil }
            condition = .equals(flag)
        case "any_of":
            guard case .sequence(let list) = value, !list.isEmpty else {
                report(value, "any_of 应为非空的选项编号列表")
                return nil
            }
            let choices = list.compactMap { $0.scalar?.string }
            let known = Set((target.options ?? []).map(\.id))
            for (entry, choice) in zip(list, choices) where !known.contains(choice) {
                report(entry, "题目“\(target.id)”没有选项“\(choice)”")
            }
            condition = .anyOf(choices)
        default:
            guard let limit = number(value, key: key) else { return nil }
            condition = key == "at_most" ? .atMost(limit) : .atLeast(limit)
        }
        guard condition.applicableTypes.contains(target.type) else {
            let types = condition.applicableTypes.map(\.rawValue).sorted().joined(separator: "、")
            report(value, "\(key) 只能用于 \(types) 类型的题目，而“\(target.id)”是 \(target.type.rawValue)")
            return nil
        }
        return condition
    }

    func findings(_ node: Node, for question: Question) -> [FindingRule]? {
        let entries: [Node]
        switch node {
        case .sequence(let list): entries = Array(list)
        default: entries = [node]
        }
        let rules = entries.compactMap { entry -> FindingRule? in
            guard let map = mapping(entry, allowed: Self.conditionKeys.union(["problem"]), what: "finding 规则") else { return nil }
            let problem = text(map["problem"], in: entry, key: "problem")
            guard let condition = condition(in: map, at: entry, testing: question), let problem else { return nil }
            return FindingRule(when: condition, problem: problem)
        }
        return rules.isEmpty ? nil : rules
    }

    func showRule(_ node: Node, for question: Question, earlier: [Question]) -> ShowRule? {
        guard let map = mapping(node, allowed: Self.conditionKeys.union(["question"]), what: "show_if 跳题规则"),
              let target = text(map["question"], in: node, key: "question")
        else { return nil }
        if target == question.id {
            report(map["question"], "跳题规则引用了题目自身，形成循环")
            return nil
        }
        guard let parent = earlier.first(where: { $0.id == target }) else {
            report(map["question"], "跳题规则引用的题目“\(target)”不存在或在本题之后（只能引用前面的题目，以免形成循环）")
            return nil
        }
        guard let condition = condition(in: map, at: node, testing: parent) else { return nil }
        return ShowRule(question: target, when: condition)
    }

}
