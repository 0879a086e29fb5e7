package org.carerelay;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code curl} examples of a README, in order, each with the HTTP status the comment above it promises ({@code #
 * create a patient → 201}). A command runs on over {@code \} line ends and over newlines inside quotes, as in bash. A
 * curl example without exactly one promised status, or outside a {@code ```sh} block, is an error: an example nobody
 * checks is an example that will rot.
 */
final class ReadmeExamples {

    /** A command as written in the README, the line it starts on, and the status its comment promises. */
    record Example(int line, String section, String command, int expectedStatus) {

        @Override
        public String toString() {
            return "README line " + line + ": " + command.lines().findFirst().orElse("");
        }
    }

    /** The section whose examples need a secured server. */
    static final String SECURITY = "Security";

    /** The section whose examples need the built-in authorization server. */
    static final String BUILT_IN = "Built-in authorization server";

    /**
     * curl as pasted, but also writing the status to stderr, where no pipe in the example can cut it off; -q leaves
     * out the user's ~/.curlrc.
     */
    private static final String CURL_WITH_STATUS =
            "curl() { command curl -q --write-out '%{stderr}%{http_code}\\n' \"$@\"; }\n";

    private static final Pattern PROMISED_STATUS = Pattern.compile("→ (\\d{3})\\b");

    private ReadmeExamples() {}

    static List<Example> curlExamples(String readme) {
        List<Example> examples = new ArrayList<>();
        List<String> lines = readme.lines().toList();
        String block = null;
        String section = "";
        List<String> comments = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (block == null && line.startsWith("## ")) {
                section = line.substring(3).trim();
            }
            if (line.startsWith("```")) {
                block = block == null ? line.substring(3).trim() : null;
                comments.clear();
            } else if (block != null && !block.equals("sh") && isCurl(line)) {
                throw new IllegalStateException("README line " + (i + 1) + ": a curl example outside a ```sh block");
            } else if (block != null && line.startsWith("#")) {
                comments.add(line);
            } else if (block != null && !line.isBlank()) {
                int first = i;
                StringBuilder command = new StringBuilder(line);
                while (continues(command) && i + 1 < lines.size()) {
                    command.append('\n').append(lines.get(++i));
                }
                if (isCurl(line)) {
                    examples.add(
                            new Example(first + 1, section, command.toString(), promisedStatus(first + 1, comments)));
                }
                comments.clear();
            } else {
                comments.clear();
            }
        }
        return examples;
    }

    private static boolean isCurl(String line) {
        return line.startsWith("curl ");
    }

    private static int promisedStatus(int line, List<String> comments) {
        List<Integer> statuses = new ArrayList<>();
        for (String comment : comments) {
            Matcher matcher = PROMISED_STATUS.matcher(comment);
            while (matcher.find()) {
                statuses.add(Integer.parseInt(matcher.group(1)));
            }
        }
        if (statuses.size() != 1) {
            throw new IllegalStateException("README line " + line + ": a curl example needs exactly one promised"
                    + " status in the comment right above it (# what it does → 200), found " + statuses);
        }
        return statuses.get(0);
    }

    /** Whether bash reads on: a line ending in a backslash, or a quote still open (comments aside). */
    static boolean continues(CharSequence command) {
        boolean single = false;
        boolean dbl = false;
        boolean escaped = false;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (single) {
                single = c != '\'';
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                dbl = !dbl;
            } else if (c == '#' && !dbl && (i == 0 || Character.isWhitespace(command.charAt(i - 1)))) {
                while (i + 1 < command.length() && command.charAt(i + 1) != '\n') {
                    i++; // a comment: its quotes and backslashes are words
                }
            } else if (c == '\'' && !dbl) {
                single = true;
            }
        }
        return single || dbl || escaped;
    }

    record Answer(int status, String body) {}

    static Answer paste(String command, java.util.Map<String, String> environment)
            throws IOException, InterruptedException {
        Path stderr = Files.createTempFile("readme-curl", ".txt");
        try {
            ProcessBuilder builder =
                    new ProcessBuilder("bash", "-c", CURL_WITH_STATUS + command).redirectError(stderr.toFile());
            // a proxy of the user's would be asked for localhost
            builder.environment().keySet().removeIf(name -> name.toLowerCase().endsWith("_proxy"));
            builder.environment().putAll(environment);
            Process bash = builder.start();
            String body = new String(bash.getInputStream().readAllBytes(), UTF_8);
            assertThat(bash.waitFor(2, TimeUnit.MINUTES)).as("bash ends").isTrue();
            List<String> statuses = Files.readAllLines(stderr);
            assertThat(bash.exitValue())
                    .as("bash exit value, stderr %s", statuses)
                    .isZero();
            assertThat(statuses).as("one status from curl").hasSize(1);
            return new Answer(Integer.parseInt(statuses.get(0)), body);
        } finally {
            Files.delete(stderr);
        }
    }
}
