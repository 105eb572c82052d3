package dev.lathe.train.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.lathe.engine.InvalidInputException;
import dev.lathe.train.data.Splits;
import dev.lathe.train.data.TextCorpus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortunesZhRecipeTest {

    private static final String ESC = "\u001B";

    @TempDir
    Path dir;

    /** A saying of {@code chinese} with its coloured closing tag, as the file writes them. */
    private static String saying(String text, String source) {
        return text + "\n" + ESC + "[33m    --" + ESC + "[32m《" + source + "》" + ESC + "[m" + ESC + "[m\n%\n";
    }

    private void writeFiles(String chinese) throws IOException {
        Files.writeString(dir.resolve("chinese"), chinese, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("tang300"), ESC + "[32m《感遇・其一》" + ESC + "[m\n" + ESC + "[33m作者：张九龄" + ESC + "[m\n"
                + "兰叶春葳蕤，桂华秋皎洁。\n欣欣此生意，自尔为佳节。\n%\n"
                + ESC + "[32m《静夜思》" + ESC + "[m\n" + ESC + "[33m作者：李白" + ESC + "[m\n床前明月光，疑是地上霜。\n%\n",
                StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("song100"), ESC + "[32m题目:《春居杂兴》二首" + ESC + "[m\n" + ESC + "[33m作者:王禹偁（９５４－１００１）"
                + ESC + "[m\n\n            其一\n\n两株桃杏映篱斜，妆点商山副使家，\n%\n"
                + ESC + "[32m题目:《塞上》" + ESC + "[m\n" + ESC + "[33m作者:柳开" + ESC + "[m\n鸣骹直上一千尺，天静无风声更干。\n\n",
                StandardCharsets.UTF_8);
    }

    private static Map<String, List<String>> bySource(TextCorpus corpus) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            map.computeIfAbsent(corpus.classNames().get(corpus.labels()[i]), k -> new ArrayList<>()).add(corpus.texts().get(i));
        }
        return map;
    }

    @Test
    void labelsBySourceAndRemovesTagsHeadingsTitlesAndColours() throws IOException {
        StringBuilder chinese = new StringBuilder();
        // a Debian document: its tag names an author before the book, so it has no source
        chinese.append("要有礼貌\n\n请接受这一事实，并保持礼貌。\n\n" + ESC + "[33m    -- Debian " + ESC + "[32m《行为准则》" + ESC + "[m第一条"
                + ESC + "[m\n%\n");
        chinese.append(saying("一等二靠三落空，一想二干三成功。", "谚语"));
        chinese.append(saying("欲做精金美玉的人品，定从烈火中煅来； ", "菜根谭"));
        chinese.append(saying("千里之行，始于足下。", "谚语"));
        chinese.append("何氏曰：“鲁论语二十篇。\n         颇多于鲁论。”\n" + ESC + "[33m    --" + ESC + "[32m《论语》" + ESC + "[m序说"
                + ESC + "[m\n%\n");
        chinese.append(ESC + "[32m《詩經‧ 國風‧ 周南‧ 關雎》" + ESC + "[m\n\n    關關雎鳩、在河之洲，\n    窈窕淑女、君子好逑。\n%\n");
        chinese.append(ESC + "[37;1m" + "学而时习之" + ESC + "[;" + ESC + "[34;1m，不亦说乎" + ESC + "[m\n  —— 《论语》\n%\n");
        chinese.append(saying("道可道，非常道。", "道德经"));
        chinese.append(saying("昔时贤文，诲汝谆谆。", "增广贤文"));
        chinese.append(saying("少说话，多做事。", "谚语"));
        chinese.append(saying("上善若水。", "道德经"));
        chinese.append(saying("知者不惑。", "增广贤文"));
        chinese.append(saying("宠辱不惊。", "菜根谭"));
        chinese.append(ESC + "[32m《詩經‧ 國風‧ 周南‧ 葛覃》" + ESC + "[m\n\n    葛之覃兮、施于中谷，\n%\n");
        // a seventh source with one item, fewer than the six kept
        chinese.append(saying("人是万物的尺度。", "小书"));
        writeFiles(chinese.toString());

        TextCorpus corpus = new FortunesZhRecipe(dir).read();
        // sources by size, ties by name (增 U+589E < 菜 U+83DC < 詩 U+8A69 < 论 U+8BBA < 道 U+9053), then Tang and Song poems;
        // 小书 is the seventh source
        assertEquals(List.of("谚语", "增广贤文", "菜根谭", "詩經", "论语", "道德经", "唐诗", "宋诗"), corpus.classNames());
        Map<String, List<String>> texts = bySource(corpus);
        assertEquals(List.of("一等二靠三落空，一想二干三成功。", "千里之行，始于足下。", "少说话，多做事。"), texts.get("谚语"));
        assertEquals(List.of("何氏曰：“鲁论语二十篇。\n颇多于鲁论。”", "学而时习之，不亦说乎"), texts.get("论语"));
        assertEquals(List.of("關關雎鳩、在河之洲，\n窈窕淑女、君子好逑。", "葛之覃兮、施于中谷，"), texts.get("詩經"));
        assertEquals(List.of("欲做精金美玉的人品，定从烈火中煅来；", "宠辱不惊。"), texts.get("菜根谭"));
        assertEquals(List.of("兰叶春葳蕤，桂华秋皎洁。\n欣欣此生意，自尔为佳节。", "床前明月光，疑是地上霜。"), texts.get("唐诗"));
        assertEquals(List.of("其一\n两株桃杏映篱斜，妆点商山副使家，", "鸣骹直上一千尺，天静无风声更干。"), texts.get("宋诗"));
        assertEquals(17, corpus.size());
        for (String text : corpus.texts()) {
            assertFalse(text.contains(ESC) || text.contains("《") || text.contains("作者"), text);
        }
    }

    @Test
    void stratifiedSeededTestPart() throws IOException {
        StringBuilder chinese = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            chinese.append(saying("谚" + i, "谚语")).append(saying("论" + i, "论语"));
        }
        writeFiles(chinese.toString());
        FortunesZhRecipe recipe = new FortunesZhRecipe(dir);
        Splits<TextCorpus> splits = recipe.load(RecipeOptions.defaults());
        // round(10 · 0.2) = 2 of each saying source, round(2 · 0.2) = 0 of each poem class
        assertEquals(4, splits.test().size());
        assertEquals(20, splits.train().size());
        assertEquals(splits.test().texts(), recipe.load(RecipeOptions.defaults().withSplitSeed(0)).test().texts());
        assertTrue(assertThrows(InvalidInputException.class, () -> recipe.load(RecipeOptions.defaults().withPerClass(3)))
                .getMessage().startsWith("fortunes-zh does not take per_class; it takes test_fraction, split_seed"));
    }

    @Test
    void missingFilesGiveTheInstallCommand() {
        assertEquals("fortunes-zh: " + dir.resolve("chinese") + " is missing; it comes from the Debian package fortunes-zh: run "
                        + "`apt-get install -y fortunes-zh` or `lathe data prepare fortunes-zh`",
                assertThrows(InvalidInputException.class, () -> new FortunesZhRecipe(dir).load(RecipeOptions.defaults())).getMessage());
    }

    @Test
    void realDebianFiles() {
        FortunesZhRecipe recipe = new FortunesZhRecipe();
        assumeTrue(recipe.available(), "fortunes-zh is not installed");
        TextCorpus all = recipe.read();
        Map<String, Integer> counts = new LinkedHashMap<>();
        bySource(all).forEach((source, texts) -> counts.put(source, texts.size()));
        // fortunes-zh 2.98, counted with a separate script over the files
        assertEquals(Map.of("谚语", 767, "论语", 515, "菜根谭", 359, "增广贤文", 348, "詩經", 310, "道德经", 81, "唐诗", 313, "宋诗", 95),
                counts);
        assertEquals(List.of("谚语", "论语", "菜根谭", "增广贤文", "詩經", "道德经", "唐诗", "宋诗"), all.classNames());
        for (String text : all.texts()) {
            assertFalse(text.contains(ESC) || text.contains("--《") || text.startsWith("作者"), text);
        }
        Splits<TextCorpus> splits = recipe.load(RecipeOptions.defaults());
        assertEquals(2_788, splits.train().size() + splits.test().size());
        // per class round(n · 0.2): 153 + 103 + 72 + 70 + 62 + 16 + 63 + 19
        assertEquals(558, splits.test().size());
    }
}
