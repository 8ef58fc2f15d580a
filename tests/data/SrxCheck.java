// Apply an SRX 2.0 file with java.util.regex (the regex engine of Java CAT tools) and print
// the segments of each input line "LANG<TAB>TEXT", separated by U+241E, one line per input line.
//
//   java tests/data/SrxCheck.java RULES.srx < texts.tsv
//
// Position semantics of SRX 2.0: at each position the first rule (maprules in order,
// cascading) whose beforebreak matches up to the position (as a Java lookbehind, so every
// beforebreak must have a bounded length) and whose afterbreak matches from it decides.
// Used by tests/test_srx.py to check that tmbrief's export works in Java as in Python.

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

public class SrxCheck {
    static final String NS = "http://www.lisa.org/srx20";

    record Rule(boolean breaks, Pattern before, Pattern after) {}

    static String text(Element rule, String tag) {
        NodeList n = rule.getElementsByTagNameNS(NS, tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent();
    }

    static List<Rule> rulesFor(Document doc, String lang) {
        Element header = (Element) doc.getElementsByTagNameNS(NS, "header").item(0);
        boolean cascade = "yes".equals(header.getAttribute("cascade"));
        List<Rule> rules = new ArrayList<>();
        NodeList maps = doc.getElementsByTagNameNS(NS, "languagemap");
        NodeList langRules = doc.getElementsByTagNameNS(NS, "languagerule");
        for (int i = 0; i < maps.getLength(); i++) {
            Element map = (Element) maps.item(i);
            if (!lang.matches(map.getAttribute("languagepattern"))) continue;
            for (int j = 0; j < langRules.getLength(); j++) {
                Element lr = (Element) langRules.item(j);
                if (!lr.getAttribute("languagerulename").equals(map.getAttribute("languagerulename"))) continue;
                NodeList rs = lr.getElementsByTagNameNS(NS, "rule");
                for (int k = 0; k < rs.getLength(); k++) {
                    Element r = (Element) rs.item(k);
                    rules.add(new Rule(!"no".equals(r.getAttribute("break")),
                        Pattern.compile("(?<=(?:" + text(r, "beforebreak") + "))"),
                        Pattern.compile("(?:" + text(r, "afterbreak") + ")")));
                }
            }
            if (!cascade) break;
        }
        return rules;
    }

    public static void main(String[] args) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        Document doc = f.newDocumentBuilder().parse(new File(args[0]));
        Map<String, List<Rule>> byLang = new HashMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        for (String input; (input = in.readLine()) != null; ) {
            String[] parts = input.split("\t", 2);
            List<Rule> rules = byLang.computeIfAbsent(parts[0], l -> rulesFor(doc, l));
            String line = parts[1];
            List<String> segs = new ArrayList<>();
            int last = 0;
            for (int pos = 1; pos <= line.length(); pos++) {
                boolean cut = pos == line.length();
                for (Rule rule : rules) {
                    if (cut) break;
                    Matcher b = rule.before().matcher(line).region(pos, line.length());
                    b.useTransparentBounds(true);
                    Matcher a = rule.after().matcher(line).region(pos, line.length());
                    if (b.lookingAt() && a.lookingAt()) {
                        cut = rule.breaks();
                        break;
                    }
                }
                if (cut) {
                    String s = line.substring(last, pos).strip();
                    if (!s.isEmpty()) segs.add(s);
                    last = pos;
                }
            }
            out.println(String.join("\u241e", segs));
        }
    }
}
