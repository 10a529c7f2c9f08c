// Stand-ins for what a Databricks notebook has without asking: display, displayHTML and
// dbutils.widgets. What a notebook shows is recorded under @DISPLAYS@/<run>/, one file a call.
import java.nio.charset.StandardCharsets
import java.nio.file.{Files, Paths}

val gazeDisplays = Paths.get("@DISPLAYS@")
var gazeRunId = "none"
var gazeCellNumber = 0
var gazeShown = 0
val gazeWidgetValues = scala.collection.mutable.LinkedHashMap[String, String]()

def gazeBegin(run: String, cell: Int): Unit = {
  gazeRunId = run
  gazeCellNumber = cell
  println("@@" + "BEGIN " + run + " " + cell + "@@")
}

def gazeCellDone(): Unit = println("@@" + "OK " + gazeRunId + " " + gazeCellNumber + "@@")

def gazeRecord(suffix: String, text: String): Unit = {
  gazeShown += 1
  val dir = Files.createDirectories(gazeDisplays.resolve(gazeRunId))
  val name = f"c$gazeCellNumber%02d-$gazeShown%03d$suffix"
  Files.write(dir.resolve(name), text.getBytes(StandardCharsets.UTF_8))
}

def displayHTML(html: String): Unit = {
  gazeRecord(".html", html)
  println(s"[displayHTML: ${html.length} characters]")
}

def display(df: org.apache.spark.sql.Dataset[_]): Unit = {
  val rows = df.toDF.take(1000)
  val header = df.schema.fieldNames.mkString("\t")
  gazeRecord(".tsv", (header +: rows.map(_.toSeq.mkString("\t"))).mkString("\n"))
  df.toDF.show(20, false)
}

object dbutils {
  object widgets {
    private val defined = scala.collection.mutable.LinkedHashMap[String, String]()

    def text(name: String, defaultValue: String, label: String = ""): Unit =
      defined(name) = gazeWidgetValues.getOrElse(name, defaultValue)

    def dropdown(name: String, defaultValue: String, choices: Seq[String], label: String = ""): Unit = {
      val value = gazeWidgetValues.getOrElse(name, defaultValue)
      require(choices.contains(value), s"widget $name: '$value' is not one of ${choices.mkString(", ")}")
      defined(name) = value
    }

    def get(name: String): String =
      defined.getOrElse(name, throw new IllegalArgumentException(s"no widget named $name is defined"))

    def removeAll(): Unit = defined.clear()
  }
}
