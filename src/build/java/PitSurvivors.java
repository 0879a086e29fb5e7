import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Prints the mutants PIT's tests did not kill, one line each, from PIT's {@code mutations.xml}: PIT's console output
 * gives only counts. Run by the build as a single-file program ({@code java PitSurvivors.java <mutations.xml>}).
 */
class PitSurvivors {

    public static void main(String[] args) throws Exception {
        Path report = Path.of(args[0]);
        if (!Files.exists(report)) {
            System.out.println("No PIT report at " + report + " (PIT skipped)");
            return;
        }
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        NodeList mutations = factory.newDocumentBuilder().parse(report.toFile()).getElementsByTagName("mutation");
        List<String> survivors = new ArrayList<>();
        for (int i = 0; i < mutations.getLength(); i++) {
            Element mutation = (Element) mutations.item(i);
            String status = mutation.getAttribute("status");
            if (status.equals("SURVIVED") || status.equals("NO_COVERAGE")) {
                String mutator = text(mutation, "mutator");
                // PIT ends some descriptions with the class and method, which the line already names
                String description = text(mutation, "description").replaceFirst(" for [\\w/$]+::[\\w$<>]+$", "");
                survivors.add(String.format(
                        "%-11s %s.%s line %s  %s: %s",
                        status,
                        text(mutation, "mutatedClass"),
                        text(mutation, "mutatedMethod"),
                        text(mutation, "lineNumber"),
                        mutator.substring(mutator.lastIndexOf('.') + 1),
                        description));
            }
        }
        System.out.println(survivors.size() + " of " + mutations.getLength() + " mutants not killed"
                + (survivors.isEmpty() ? "" : ":"));
        survivors.forEach(System.out::println);
    }

    private static String text(Element parent, String tag) {
        return parent.getElementsByTagName(tag).item(0).getTextContent();
    }
}
