import Foundation

/// Personal links as a CSV sheet for staff to hand out: UTF-8 with a BOM, so that Excel on Chinese
/// Windows opens it.
public enum LinksCSV {
    public static let header = ["id", "name", "category", "organization", "phone", "token", "link"]

    /// The sheet for `links`, with links on `baseURL` (e.g. `http://10.0.0.5:8080`).
    public static func render(_ links: [IssuedLink], baseURL: String) -> String {
        var lines = [header.joined(separator: ",")]
        for link in links {
            let person = link.supervisor
            let fields = [person.id, person.name, person.category.rawValue, person.organization ?? "", person.phone ?? "",
                          link.token, "\(baseURL)/#t=\(link.token)"]
            lines.append(fields.map(escape).joined(separator: ","))
        }
        return "\u{FEFF}" + lines.joined(separator: "\r\n") + "\r\n"
    }

    /// Quotes a field when it holds a comma, quote or line break.
    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
